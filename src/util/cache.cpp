#include "util/cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <system_error>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
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

Cache::Cache(fs::path root) : root_(root.empty() ? default_root() : fs::absolute(root)) {
  for (const auto& dir : {root_, scratch(), root_ / "sha256", root_ / "state"}) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error("cannot create the cache folder " + dir.string() + ": " + ec.message());
  }
}

fs::path Cache::new_temp_file(const std::string& prefix) const {
  std::string templ = (scratch() / (prefix + "-XXXXXX")).string();
  UniqueFd fd(::mkstemp(templ.data()));
  if (!fd) throw Error("cannot create a temporary file in " + scratch().string() + ": " + errno_text(errno));
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

std::optional<fs::path> Cache::find_verified(const std::string& sha256, uint64_t size) const {
  fs::path p = blob_path(sha256);
  std::error_code ec;
  auto actual = fs::file_size(p, ec);
  if (ec) return std::nullopt;
  if (actual == size && sha256_file(p) == sha256) return p;
  fs::remove(p, ec);  // damaged: fetch it again
  return std::nullopt;
}

fs::path Cache::adopt(const fs::path& temp, const std::string& sha256) const {
  fs::path dest = blob_path(sha256);
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  if (::rename(temp.c_str(), dest.c_str()) != 0)
    throw Error("cannot store " + dest.string() + " in the cache: " + errno_text(errno));
  release_temporary(temp);
  return dest;
}

std::string sha256_file(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw Error("cannot read " + path.string() + ": " + errno_text(errno));
  Sha256 hash;
  std::string buffer(1 << 16, '\0');
  while (true) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("cannot read " + path.string() + ": " + errno_text(errno));
    }
    if (n == 0) break;
    hash.update(buffer.data(), static_cast<size_t>(n));
  }
  return hash.hex();
}

}  // namespace debimg
