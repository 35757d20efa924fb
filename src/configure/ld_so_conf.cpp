#include "configure/ld_so_conf.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cstring>

#include "configure/tree_glob.h"
#include "util/error.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

constexpr uint64_t kMaxConfSize = 16 << 20;

bool c_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }  // isspace, C locale
bool c_blank(char c) { return c == ' ' || c == '\t'; }

// The file's text; empty when it is missing or not a regular file (ldconfig
// reads nothing from a folder; a FIFO would block it).
std::string conf_text(int root_fd, const std::string& path) {
  UniqueFd fd = open_in_tree(root_fd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  struct stat st;
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  if (static_cast<uint64_t>(st.st_size) > kMaxConfSize)
    throw Error(path + " in the tree is larger than " + std::to_string(kMaxConfSize >> 20) + " MiB");
  return read_until_eof(fd.get());
}

// dirname(3) of a path that has a slash.
std::string dir_of(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  const size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  p.resize(slash);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p.empty() ? "/" : p;
}

void parse_conf(int root_fd, const std::string& path, const std::function<void(const std::string&)>& add_dir, int depth);

// parse_conf_include: one word of an `include` line.
void parse_include(int root_fd, const std::string& from, std::string pattern,
             const std::function<void(const std::string&)>& add_dir, int depth) {
  if (pattern[0] != '/' && from.find('/') != std::string::npos) pattern = dir_of(from) + "/" + pattern;
  for (const std::string& file : glob_in_tree(root_fd, pattern)) parse_conf(root_fd, file, add_dir, depth + 1);
}

void parse_line(int root_fd, const std::string& path, std::string line,
                const std::function<void(const std::string&)>& add_dir, int depth) {
  line.resize(std::strlen(line.c_str()));  // C strings: a NUL ends the line
  if (const size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
  size_t i = 0;
  while (i < line.size() && c_space(line[i])) ++i;
  const std::string cp = line.substr(i);
  if (cp.empty()) return;
  if (cp.compare(0, 7, "include") == 0 && cp.size() > 7 && c_blank(cp[7])) {
    size_t start = 8;  // strsep on " \t": empty words are skipped
    while (start <= cp.size()) {
      size_t end = cp.find_first_of(" \t", start);
      if (end == std::string::npos) end = cp.size();
      if (end > start) parse_include(root_fd, path, cp.substr(start, end - start), add_dir, depth);
      start = end + 1;
    }
  } else if (cp.size() > 5 && ::strncasecmp(cp.c_str(), "hwcap", 5) == 0 && c_blank(cp[5])) {
    return;  // "hwcap directive ignored"
  } else {
    add_dir(cp);
  }
}

void parse_conf(int root_fd, const std::string& path, const std::function<void(const std::string&)>& add_dir, int depth) {
  if (depth > kMaxLdSoConfDepth)
    throw Error(path + " in the tree: ld.so.conf includes nest deeper than " + std::to_string(kMaxLdSoConfDepth) +
                " levels (a loop?)");
  const std::string text = conf_text(root_fd, path);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    parse_line(root_fd, path, text.substr(start, end - start), add_dir, depth);
    start = end + 1;
  }
}

}  // namespace

void read_ld_so_conf(int root_fd, const std::string& path, const std::function<void(const std::string&)>& add_dir) {
  parse_conf(root_fd, path, add_dir, 0);
}

}  // namespace debimg
