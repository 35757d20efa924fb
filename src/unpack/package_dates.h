#pragma once
// SOURCE_DATE_EPOCH from the packages themselves (docs/reproducibility.md):
// the newest date among the top entries of their Debian changelogs, read
// from the .debs as they are (before any slimming). When no package has a
// changelog, the newest mtime in their data.tar members. Neither the
// archive's Release date nor the clock: the same packages give the same epoch.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "cache/cache.h"
#include "lock/lockfile.h"

namespace debimg {

// `debs[i]` is the verified file of `lock.packages[i]`. With a cache, each
// data.tar is read from its stored copy, or stored on the way for unpacking
// (unpack/data_tar_cache.h). 0 for a lock without packages.
int64_t packages_source_date_epoch(const Lockfile& lock, const std::vector<std::filesystem::path>& debs,
                                   const Cache* cache = nullptr);

}  // namespace debimg
