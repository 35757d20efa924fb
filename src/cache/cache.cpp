#include "cache/cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <system_error>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/io_place.h"
#include "util/sha256.h"
#include "util/temporaries.h"
#include "validate/identifiers.h"

namespace fs = std::filesystem;

namespace debimg {

fs::path Cache::default_root() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') return fs::path(xdg) / "debimg";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "debimg";
  throw Error("no cache folder: set XDG_CACHE_HOME or HOME, or pass --cache-dir");
}

namespace {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Only this user writes what the cache holds: a folder another user owns or
// can write is one where they could swap an entry between check and use.
void require_own_folder(const fs::path& dir, bool is_root) {
  struct stat st{};
  if ((is_root ? ::stat(dir.c_str(), &st) : ::lstat(dir.c_str(), &st)) != 0)
    throw Error("cannot use the cache folder " + dir.string() + ": " + errno_text(errno));
  if (!S_ISDIR(st.st_mode)) throw Error("cache folder " + dir.string() + " is not a folder (a symlink?)");
  if (st.st_uid != ::geteuid())
    throw Error("cache folder " + dir.string() + " belongs to uid " + std::to_string(st.st_uid) + ", not to this user (" +
                std::to_string(::geteuid()) + "): a cache is trusted only by its owner; use a folder of your own");
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    throw Error("cache folder " + dir.string() + " is writable by others (mode " + octal_mode(st.st_mode) +
                "): anyone who can write it could replace what it holds; `chmod go-w` it or use a folder only you can write");
}

// An entry the cache may use: a regular file of this user that no one else
// can write. `st` receives its stat.
bool acceptable_entry(int fd, struct stat& st) {
  return ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

}  // namespace

Cache::Cache(fs::path root) : root_(root.empty() ? default_root() : fs::absolute(root)) {
  std::error_code ec;
  fs::create_directories(root_.parent_path(), ec);
  register_place(root_, Place::cache);
  register_place(scratch(), Place::temporary);
  for (const auto& dir : {root_, scratch(), root_ / "sha256", root_ / "state"}) {
    // 0755 whatever the umask: require_own_folder refuses a group-writable one.
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
      throw Error(io_failure("create the cache folder", dir, errno));
    require_own_folder(dir, dir == root_);
  }
}

fs::path Cache::new_temp_file(const std::string& prefix) const {
  std::string templ = (scratch() / (prefix + "-XXXXXX")).string();
  UniqueFd fd(::mkstemp(templ.data()));
  if (!fd) throw Error(io_failure("create a temporary file in", scratch(), errno));
  // Live while this process lives: a later run removes it only once this one is gone (temporaries.h).
  hold_temporary(templ);
  return templ;
}

fs::path Cache::blob_path(const std::string& sha256) const {
  if (!is_sha256(sha256)) throw Error("cache: refusing the blob name " + quoted_value(sha256) + ", which is not a SHA-256");
  return root_ / "sha256" / sha256.substr(0, 2) / sha256;
}

fs::path Cache::state_path(const std::string& relative) const {
  bool plain = !relative.empty() && relative.front() != '/' && relative.find('\0') == std::string::npos;
  for (const auto& part : fs::path(relative)) plain = plain && !part.empty() && part != "." && part != "..";
  if (!plain || relative.back() == '/' || relative.find("//") != std::string::npos)
    throw Error("cache: refusing the state file name " + quoted_value(relative));
  return root_ / "state" / relative;
}

std::optional<std::string> Cache::read_state(const std::string& relative) const {
  const fs::path p = state_path(relative);
  UniqueFd fd(::open(p.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  struct stat st{};
  if (!fd || !acceptable_entry(fd.get(), st)) return std::nullopt;
  return read_until_eof(fd.get());
}

std::optional<fs::path> Cache::find_verified(const std::string& sha256, uint64_t size) const {
  fs::path p = blob_path(sha256);
  UniqueFd fd(::open(p.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (!fd) return std::nullopt;
  struct stat st{};
  // The hash is taken from the opened file, so what was checked is what is there.
  if (acceptable_entry(fd.get(), st) && static_cast<uint64_t>(st.st_size) == size &&
      sha256_fd(fd.get(), p.string()) == sha256)
    return p;
  std::error_code ec;
  fs::remove(p, ec);  // damaged or refused: fetch it again
  return std::nullopt;
}

fs::path Cache::adopt(const fs::path& temp, const std::string& sha256) const {
  fs::path dest = blob_path(sha256);
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  // Never writable by others, whatever the umask made it: find_verified refuses such entries.
  struct stat st{};
  if (::stat(temp.c_str(), &st) == 0 && (st.st_mode & (S_IWGRP | S_IWOTH))) ::chmod(temp.c_str(), st.st_mode & 0755);
  if (::rename(temp.c_str(), dest.c_str()) != 0)
    throw Error(io_failure("store", dest, errno));
  release_temporary(temp);
  return dest;
}

}  // namespace debimg
