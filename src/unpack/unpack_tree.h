#pragma once
// The unpack stage end to end: merged-/usr links, every locked package
// unpacked (base-files first), dpkg's database and the image's apt sources.
#include <filesystem>
#include <vector>

#include "lock/lockfile.h"
#include "profile/archive_suite.h"
#include "profile/profile.h"
#include "unpack/file_table.h"
#include "unpack/unpacked_package.h"
#include "cache/cache.h"

namespace debimg {

struct UnpackedTree {
  FileTable table;
  std::vector<UnpackedPackage> packages;
};

// `debs[i]` is the verified file of `lock.packages[i]`. With a cache, each
// package's data.tar is read from (or kept in) it (data_tar_cache.h).
UnpackedTree unpack_tree(const std::filesystem::path& root, const Profile& profile,
                         const std::vector<ArchiveSuite>& suites, const Lockfile& lock,
                         const std::vector<std::filesystem::path>& debs, const Cache* cache = nullptr);

}  // namespace debimg
