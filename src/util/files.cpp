#include "util/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "util/error.h"
#include "util/fd.h"
#include "util/io_place.h"
#include "util/temporaries.h"

namespace fs = std::filesystem;

namespace debimg {

std::string errno_text(int err) { return std::strerror(err); }

void write_all(int fd, const void* data, size_t size, const std::string& what) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      // The file the descriptor names (a temporary of `what`, say) is where the space ran out.
      const std::string where = fd_path(fd).string();
      throw Error(where.empty()          ? io_failure("write", what, err)
                  : where.starts_with(what) ? io_failure("write", where, err)
                                            : io_failure("write " + what + " to", where, err));
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
}

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
  if (!fd) throw Error(io_failure("create a temporary file beside", path, errno));
  auto fail = [&](const std::string& what) {
    int err = errno;
    ::unlink(templ.c_str());
    throw Error(io_failure(what, path, err));
  };
  try {
    write_all(fd.get(), content.data(), content.size(), path.string());
  } catch (const Error&) {
    ::unlink(templ.c_str());
    throw;
  }
  if (::fchmod(fd.get(), mode) != 0) fail("set the mode of");
  if (::fsync(fd.get()) != 0) fail("sync");
  fd.reset();
  if (::rename(templ.c_str(), path.c_str()) != 0) fail("rename into");
}

void remove_contents(int dir_fd) {
  int copy = ::dup(dir_fd);
  DIR* d = copy < 0 ? nullptr : ::fdopendir(copy);
  if (!d) {
    if (copy >= 0) ::close(copy);
    throw Error("cannot list a directory to remove it: " + errno_text(errno));
  }
  std::vector<std::pair<std::string, bool>> names;
  while (struct dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.emplace_back(n, e->d_type == DT_DIR);
  }
  ::closedir(d);
  for (const auto& [name, is_dir] : names) {
    if (is_dir) {
      // A folder a package made read-only (or a tree of the builder's own,
      // without namespaces) must still be emptied: it is ours to remove.
      ::fchmodat(dir_fd, name.c_str(), 0700, AT_SYMLINK_NOFOLLOW);
      UniqueFd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (sub) remove_contents(sub.get());
    }
    if (::unlinkat(dir_fd, name.c_str(), is_dir ? AT_REMOVEDIR : 0) != 0 && errno != ENOENT)
      throw Error("cannot remove " + name + ": " + errno_text(errno));
  }
}

void copy_file_atomic(const std::filesystem::path& from, const std::filesystem::path& to) {
  const std::filesystem::path temp = to.string() + ".tmp-copy";
  std::error_code ec;
  std::filesystem::copy_file(from, temp, std::filesystem::copy_options::overwrite_existing, ec);
  if (!ec) std::filesystem::rename(temp, to, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw Error("cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
  }
}

TempDir::TempDir(const fs::path& parent, const std::string& prefix) {
  std::string templ = (parent / (prefix + "XXXXXX")).string();
  if (!::mkdtemp(templ.data()))
    throw Error("cannot create a temporary directory in " + parent.string() + ": " + errno_text(errno));
  path_ = templ;
  lock_ = lock_temporary(path_);
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)), lock_(std::move(other.lock_)) {
  other.path_.clear();
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);  // best effort: a destructor must not throw
  if (!ec) return;
  try {  // read-only folders inside (a tree without namespaces): remove_contents opens them up
    if (UniqueFd dir{::open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)}) remove_contents(dir.get());
  } catch (const std::exception&) {
  }
  fs::remove_all(path_, ec);
}

std::string read_until_eof(int fd) {
  std::string out;
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

Pipe::Pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error("pipe: " + errno_text(errno));
  read.reset(fds[0]);
  write.reset(fds[1]);
}

}  // namespace debimg
