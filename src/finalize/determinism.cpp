#include "finalize/determinism.h"

#include <fcntl.h>
#include <unistd.h>

#include <sstream>
#include <string>

#include "finalize/java_keystore.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

// Rewrites in place, so the file keeps its owner and mode.
void rewrite_at(int root, const char* path, const std::string& content) {
  UniqueFd fd = open_in_tree(root, path, O_WRONLY | O_TRUNC | O_NOFOLLOW);
  if (!fd || ::write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size()))
    throw Error(std::string("cannot rewrite /") + path + ": " + errno_text(errno));
}

void clamp_shadow(int root, const char* path, int64_t day) {
  const std::string text = read_file_in_tree(root, path, 64u << 20).value_or("");
  if (text.empty()) return;
  std::istringstream lines(text);
  std::string out;
  for (std::string line; std::getline(lines, line);) {
    // name:password:lastchg:...
    size_t a = line.find(':');
    size_t b = a == std::string::npos ? a : line.find(':', a + 1);
    size_t c = b == std::string::npos ? b : line.find(':', b + 1);
    if (c != std::string::npos && c > b + 1) {
      try {
        if (std::stoll(line.substr(b + 1, c - b - 1)) > day) line = line.substr(0, b + 1) + std::to_string(day) + line.substr(c);
      } catch (const std::exception&) {
      }
    }
    out += line + "\n";
  }
  if (out != text) rewrite_at(root, path, out);
}

}  // namespace

void make_reproducible(int root, int64_t source_date_epoch) {
  const int64_t day = source_date_epoch / 86400;
  for (const char* f : {"etc/shadow", "etc/shadow-"}) clamp_shadow(root, f, day);
  pin_java_keystores(root, source_date_epoch);
  for (const char* dir : {"tmp", "run"}) {
    UniqueFd fd = open_in_tree(root, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd) remove_contents(fd.get());
  }
}

}  // namespace debimg
