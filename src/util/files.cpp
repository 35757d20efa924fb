#include "util/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "util/error.h"
#include "util/fd.h"

namespace fs = std::filesystem;

namespace debimg {

std::string errno_text(int err) { return std::strerror(err); }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + ": " + errno_text(errno));
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw Error("cannot read " + path.string() + ": I/O error");
  return out.str();
}

void write_file_atomic(const fs::path& path, std::string_view content, mode_t mode) {
  fs::path tmp = path;
  tmp += ".tmp-XXXXXX";
  std::string templ = tmp.string();
  UniqueFd fd(::mkstemp(templ.data()));
  if (!fd) throw Error("cannot create a temporary file beside " + path.string() + ": " + errno_text(errno));
  auto fail = [&](const std::string& what) {
    int err = errno;
    ::unlink(templ.c_str());
    throw Error(what + " " + path.string() + ": " + errno_text(err));
  };
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd.get(), p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fchmod(fd.get(), mode) != 0) fail("cannot set the mode of");
  if (::fsync(fd.get()) != 0) fail("cannot sync");
  fd.reset();
  if (::rename(templ.c_str(), path.c_str()) != 0) fail("cannot rename into");
}

TempDir::TempDir(const fs::path& parent, const std::string& prefix) {
  std::string templ = (parent / (prefix + "XXXXXX")).string();
  if (!::mkdtemp(templ.data()))
    throw Error("cannot create a temporary directory in " + parent.string() + ": " + errno_text(errno));
  path_ = templ;
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);  // best effort: a destructor must not throw
}

}  // namespace debimg
