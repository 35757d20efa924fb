#include "export/os_release.h"

#include <fcntl.h>
#include <unistd.h>

#include <sstream>

#include "util/tree_fs.h"

namespace debimg {

std::string os_release_version(int root_fd) {
  for (const char* path : {"etc/os-release", "usr/lib/os-release"}) {
    UniqueFd fd = open_in_tree(root_fd, path, O_RDONLY);
    if (!fd) continue;
    char buffer[4096];
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    std::istringstream lines(std::string(buffer, n > 0 ? static_cast<size_t>(n) : 0));
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("VERSION_ID=", 0) == 0) {
        std::string v = line.substr(11);
        if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
        return v;
      }
  }
  return "";
}

}  // namespace debimg
