#include "profile/data_folders.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fd.h"
#include "util/files.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

constexpr const char* kSourceMarker = "debimg-source-dir";

// The executable's own folder, symlinks resolved; empty when unknown.
fs::path binary_folder() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::optional<fs::path> build_source_folder(const fs::path& folder) {
  UniqueFd fd(::open((folder / kSourceMarker).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  struct stat marker{}, dir{};
  if (!fd || ::fstat(fd.get(), &marker) != 0 || ::stat(folder.c_str(), &dir) != 0) return std::nullopt;
  if (!S_ISREG(marker.st_mode) || marker.st_size > 4096 || marker.st_uid != dir.st_uid || (marker.st_mode & S_IWOTH))
    return std::nullopt;
  std::string text = read_until_eof(fd.get());
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (text.empty() || text.front() != '/' || text.find('\n') != std::string::npos || text.find('\0') != std::string::npos)
    return std::nullopt;
  return fs::path(text);
}

std::vector<DataFolder> shipped_data_folders() {
  std::vector<DataFolder> out;
  const fs::path bin = binary_folder();
  if (!bin.empty()) {
    if (auto source = build_source_folder(bin)) out.push_back({*source, "the source folder this build was made from"});
    out.push_back({bin.parent_path() / "share/debimg", "its install prefix, beside the executable"});
  }
  if (out.empty() || out.back().path != fs::path(DEBIMG_DATADIR)) out.push_back({DEBIMG_DATADIR, "compiled in"});
  return out;
}

}  // namespace debimg
