#pragma once
// Whole-file reads and crash-safe writes: a temporary sibling renamed into place.
#include <filesystem>
#include <string>
#include <string_view>

#include "util/fd.h"

namespace debimg {

std::string read_file(const std::filesystem::path& path);

// Everything `fd` yields until end of file (retrying EINTR; a read error ends it).
std::string read_until_eof(int fd);

// Writes `content` to a temporary sibling of `path`, fsyncs it and renames it
// over `path`, so readers see the old file or the new one, never a half.
void write_file_atomic(const std::filesystem::path& path, std::string_view content, mode_t mode = 0644);

// Copies `from` to a temporary sibling of `to` and renames it over `to`.
void copy_file_atomic(const std::filesystem::path& from, const std::filesystem::path& to);

// A temporary directory removed with everything in it when this goes out of
// scope, and locked while it lives (temporaries.h).
class TempDir {
 public:
  explicit TempDir(const std::filesystem::path& parent = std::filesystem::temp_directory_path(),
                   const std::string& prefix = "debimg-");
  TempDir(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  UniqueFd lock_;  // held while it lives (temporaries.h)
};

std::string errno_text(int err);

// Writes all of `data` to `fd`, retrying short writes and EINTR; `what`
// names the destination in the error.
void write_all(int fd, const void* data, size_t size, const std::string& what);

// Removes everything below the directory `dir_fd` (not the directory itself),
// never following symlinks.
void remove_contents(int dir_fd);

}  // namespace debimg
