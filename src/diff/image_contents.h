#pragma once
// What an OCI image holds, for `debimg diff`: per platform, every path of
// the tree its layers make (whiteouts applied) with type, mode, owner, size,
// content hash and link target, and the packages its dpkg status says are
// installed, with their changelogs and the layers' sizes. Read from a
// layout folder or an oci-archive, neither trusted: the layout is checked as
// push checks it (push/push_layout.h), every tar path is normalised, sizes
// are capped.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "resolve/resolution.h"

namespace debimg {

struct ImageFile {
  std::string type;  // file, dir, symlink, char, block, fifo
  uint32_t mode = 0;
  uint32_t uid = 0, gid = 0;
  uint64_t size = 0;
  std::string sha256;  // regular files
  std::string link;    // symlinks
  bool operator==(const ImageFile&) const = default;
};

struct PlatformContents {
  std::string platform;                 // "linux/amd64"; as the index names it, or the config says
  std::map<std::string, ImageFile> files;  // "/etc/passwd" → …
  std::vector<ResolvedPackage> packages;   // name, version, architecture of each installed package, by name
  std::map<std::string, std::string> sources;     // package → its source package, where dpkg's status names one
  std::map<std::string, std::string> changelogs;  // "/usr/share/doc/P/changelog.Debian.gz" → its gzip bytes
  uint64_t compressed_size = 0;    // the layer blobs
  uint64_t uncompressed_size = 0;  // the layers' tar streams
};

// Whether `path` is an OCI layout folder or an oci-archive (else a lockfile).
bool is_image(const std::filesystem::path& path);

// `scratch`: where an oci-archive is unpacked (removed after).
std::vector<PlatformContents> read_image_contents(const std::filesystem::path& image,
                                                  const std::filesystem::path& scratch);

}  // namespace debimg
