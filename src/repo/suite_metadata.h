#pragma once
// Verified apt metadata of one suite: what the resolver reads and what the
// lockfile records about where the packages came from.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "profile/archive_suite.h"
#include "repo/release_file.h"

namespace debimg {

struct IndexFile {
  std::string component, architecture;
  std::string path;  // below dists/SUITE/, as the Release lists it (e.g. main/binary-amd64/Packages.xz)
  std::string sha256;
  uint64_t size = 0;
  std::filesystem::path file;  // the verified copy in the cache, as downloaded
  bool downloaded = false;     // false: it was in the cache already
  // The uncompressed index, verified against the Release's hash of the plain
  // `Packages` (empty when the Release lists none): apt seeks in it, which
  // in an .xz file means decompressing from the start each time.
  std::filesystem::path plain_file;
};

struct SuiteMetadata {
  ArchiveSuite archive;
  std::string uri;  // the archive root it came from, with a trailing slash
  ReleaseFile release;
  std::string inrelease;  // the file as served and verified (clearsigned; a plain Release when trusted)
  std::string inrelease_sha256;
  std::vector<std::string> signers;  // fingerprints of the accepted signatures
  bool verified = false;             // false only for `trusted: true` sources
  std::vector<IndexFile> indexes;
};

}  // namespace debimg
