#pragma once
// Streams a .deb with libarchive, without temporary files or dpkg-deb: the
// outer ar archive, then control.tar.* and data.tar.* read straight from it.
// Member order and names are checked as dpkg checks them.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

struct archive;

namespace debimg {

enum class EntryType { file, directory, symlink, hardlink, char_device, block_device, fifo };

struct TarEntry {
  std::string path;  // normalised: no "./", no trailing "/", never absolute, no ".."; "" is the root
  EntryType type = EntryType::file;
  uint32_t mode = 0;  // permission bits including setuid/setgid/sticky
  uint32_t uid = 0, gid = 0;
  std::string uname, gname;
  uint64_t size = 0;
  int64_t mtime = 0;
  std::string link;  // symlink target as written, or the normalised hardlink target
  uint32_t rdev_major = 0, rdev_minor = 0;
  std::vector<std::pair<std::string, std::string>> xattrs;  // e.g. security.capability
};

// Reads the data of the current entry; reads past its end return 0.
class EntryData {
 public:
  explicit EntryData(struct archive* a) : a_(a) {}
  size_t read(void* buffer, size_t size);  // throws Error on a truncated or corrupt member
  std::string read_all(size_t limit);

 private:
  struct archive* a_;
};

enum class DebMember { control, data };

using DebVisitor = std::function<void(DebMember, const TarEntry&, EntryData&)>;

struct DebReadOptions {
  // When set: data.tar is read from this file (a tar, any compression
  // libarchive knows) instead of the .deb's member, which is skipped.
  std::filesystem::path data_tar;
  // When set: receives data.tar's bytes, decompressed, as they are read.
  std::function<void(const void*, size_t)> data_tap;
};

// Calls `visit` for every entry of control.tar, then of data.tar. `what`
// (the package) starts every error message; errors name the entry too.
void read_deb(const std::filesystem::path& deb, const std::string& what, const DebVisitor& visit,
              const DebReadOptions& options = {});

// "./usr/bin/" → "usr/bin"; throws Error for absolute paths and ".." components.
std::string normalise_tar_path(const std::string& raw, const std::string& what);

}  // namespace debimg
