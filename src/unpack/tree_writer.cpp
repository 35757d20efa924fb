#include "unpack/tree_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <deque>
#include <vector>

#include "util/error.h"
#include "util/io_place.h"
#include "util/files.h"

namespace debimg {

namespace {

std::deque<std::string> components(const std::string& path) {
  std::deque<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string read_link(int dir, const std::string& name) {
  char buffer[4096];
  ssize_t n = ::readlinkat(dir, name.c_str(), buffer, sizeof buffer);
  if (n < 0 || n == sizeof buffer) throw Error("cannot read symlink " + name + ": " + errno_text(errno));
  return std::string(buffer, static_cast<size_t>(n));
}

}  // namespace

TreeWriter::TreeWriter(const std::filesystem::path& root)
    : root_(root), root_fd_(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)) {
  if (!root_fd_) throw Error("cannot open the staging tree " + root.string() + ": " + errno_text(errno));
}

TreeWriter::Dir TreeWriter::walk(const std::string& dir_path, const std::string& path, bool create) {
  // Start from the deepest directory already resolved on the way, if any.
  std::string start = dir_path;
  const Dir* base = nullptr;
  while (!start.empty()) {
    size_t cut = start.find_last_of('/');
    start = cut == std::string::npos ? "" : start.substr(0, cut);
    auto it = dirs_.find(start);
    if (!start.empty() && it != dirs_.end()) {
      base = &it->second;
      break;
    }
  }
  std::deque<std::string> todo = components(base ? dir_path.substr(start.size() + 1) : dir_path);
  // Open directories from the root down; ".." pops one, never past the root.
  std::vector<std::pair<std::string, std::shared_ptr<UniqueFd>>> stack;
  if (base) {
    // The base's own parents are not open: a ".." below it starts over from the root.
    for (const auto& c : components(base->physical)) stack.emplace_back(c, nullptr);
    stack.back().second = base->fd;
  }
  auto current = [&] { return stack.empty() ? root_fd_.get() : stack.back().second->get(); };
  // Which symlinks the walk went through: the unpacker asks who made them.
  std::vector<std::string> links = base ? base->links : std::vector<std::string>{};
  int hops = 0;
  while (!todo.empty()) {
    std::string c = todo.front();
    todo.pop_front();
    if (c == ".") continue;
    if (c == "..") {
      if (stack.empty()) throw Error("'" + path + "' leads outside the tree (through '..' or a symlink)");
      stack.pop_back();
      if (!stack.empty() && !stack.back().second) {
        dirs_.clear();  // popped into the base's unopened parents: resolve from the root
        return walk(dir_path, path, create);
      }
      continue;
    }
    struct stat st;
    if (::fstatat(current(), c.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno != ENOENT || !create) throw Error("cannot reach '" + path + "': " + c + ": " + errno_text(errno));
      if (::mkdirat(current(), c.c_str(), 0755) != 0 && errno != EEXIST)
        throw Error(io_failure("create a directory for", host_path(path), errno));
      if (::fstatat(current(), c.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        throw Error("cannot reach '" + path + "': " + errno_text(errno));
    }
    if (S_ISLNK(st.st_mode)) {
      if (++hops > 40) throw Error("'" + path + "': too many levels of symlinks");
      std::string at;
      for (const auto& s : stack) at += s.first + "/";
      links.push_back(at + c);
      std::string target = read_link(current(), c);
      std::deque<std::string> more = components(target);
      if (!target.empty() && target[0] == '/') stack.clear();  // absolute: from the tree's root
      if (!stack.empty() && !stack.back().second) {
        dirs_.clear();
        return walk(dir_path, path, create);
      }
      todo.insert(todo.begin(), more.begin(), more.end());
      continue;
    }
    if (!S_ISDIR(st.st_mode)) throw Error("'" + path + "': " + c + " is not a directory");
    auto next = std::make_shared<UniqueFd>(::openat(current(), c.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!*next) throw Error("cannot open directory " + c + " for '" + path + "': " + errno_text(errno));
    stack.emplace_back(c, std::move(next));
  }
  Dir d;
  for (const auto& [name, fd] : stack) d.physical += (d.physical.empty() ? "" : "/") + name;
  d.fd = stack.empty() ? nullptr : stack.back().second;
  d.links = std::move(links);
  return d;
}

TreeWriter::Parent TreeWriter::parent_of(const std::string& path, bool create) {
  size_t slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash);
  std::string leaf = slash == std::string::npos ? path : path.substr(slash + 1);
  if (leaf.empty() || leaf == "..") throw Error("'" + path + "' has no name to write");
  auto it = dirs_.find(dir);
  if (it == dirs_.end()) {
    Dir d = walk(dir, path, create);
    if (dirs_.size() > 128) dirs_.clear();  // each holds a descriptor: stay far below the open-file limit
    it = dirs_.emplace(dir, std::move(d)).first;
  }
  Parent p;
  p.hold = it->second.fd;
  p.fd = p.hold ? p.hold->get() : root_fd_.get();
  p.dir = it->second.physical;
  p.leaf = leaf;
  p.links = it->second.links;
  return p;
}

void TreeWriter::write_file(const std::string& path, const std::string& content, mode_t mode) {
  Parent p = parent_of(path);
  if (::unlinkat(p.fd, p.leaf.c_str(), 0) != 0 && errno != ENOENT)
    throw Error("cannot replace " + path + " in the tree: " + errno_text(errno));
  UniqueFd fd(::openat(p.fd, p.leaf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) throw Error(io_failure("create", host_path(path), errno));
  write_all(fd.get(), content.data(), content.size(), path + " in the tree");
  if (::fchmod(fd.get(), mode | 0600) != 0) throw Error("cannot chmod " + path + ": " + errno_text(errno));
}

std::string TreeWriter::physical_path(const std::string& path) {
  Parent p = parent_of(path, false);
  struct stat st;
  if (::fstatat(p.fd, p.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
    try {
      // Through the symlink, resolved the same careful way: a directory's
      // physical path when it leads to one inside the tree.
      return parent_of(path + "/.", false).dir;
    } catch (const Error&) {
      // a symlink to a file, or dangling: the link itself
    }
  }
  return p.physical();
}

}  // namespace debimg
