#include "configure/fake_root_tools.h"

#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

#if defined(__x86_64__)
constexpr const char* kMultiarch = "x86_64-linux-gnu";
#elif defined(__aarch64__)
constexpr const char* kMultiarch = "aarch64-linux-gnu";
#elif defined(__i386__)
constexpr const char* kMultiarch = "i386-linux-gnu";
#elif defined(__arm__)
constexpr const char* kMultiarch = "arm-linux-gnueabihf";
#elif defined(__powerpc64__)
constexpr const char* kMultiarch = "powerpc64le-linux-gnu";
#elif defined(__s390x__)
constexpr const char* kMultiarch = "s390x-linux-gnu";
#elif defined(__riscv)
constexpr const char* kMultiarch = "riscv64-linux-gnu";
#else
#error "no Debian multiarch triplet known for this architecture"
#endif

bool executable(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

}  // namespace

std::string multiarch_triplet() { return kMultiarch; }

FakeRootTools fake_root_tools() {
  const std::string lib = std::string("/usr/lib/") + kMultiarch;
  FakeRootTools tools{"/usr/bin/faked-sysv", lib + "/libfakeroot/libfakeroot-sysv.so", lib + "/fakechroot/libfakechroot.so"};
  std::vector<std::string> missing;
  if (!executable(tools.faked) || !executable(tools.fakeroot_lib)) missing.push_back("fakeroot");
  if (!executable(tools.fakechroot_lib)) missing.push_back("libfakechroot");
  if (!missing.empty())
    throw Error("running maintainer scripts without a user namespace needs Debian's " +
                std::string(missing.size() == 2 ? "fakeroot and libfakechroot packages" : missing[0] + " package") +
                " (apt-get install fakeroot libfakechroot; the debimg package and image have them)");
  return tools;
}

std::string host_path_in_tree(int root_fd, const std::string& tree, const std::string& path, const std::string& what) {
  UniqueFd fd = open_in_tree(root_fd, path, O_PATH | O_CLOEXEC);
  if (!fd) throw Error("the tree has no " + what + " (/" + path + ": " + errno_text(errno) + ")");
  char target[4096];
  const std::string link = "/proc/self/fd/" + std::to_string(fd.get());
  const ssize_t n = ::readlink(link.c_str(), target, sizeof target);
  if (n <= 0 || static_cast<size_t>(n) >= sizeof target) throw Error("cannot name /" + path + " in the tree");
  std::string host(target, static_cast<size_t>(n));
  if (host.compare(0, tree.size() + 1, tree + "/") != 0) throw Error("/" + path + " leads out of the tree");
  return host;
}

std::string own_elf_interpreter() {
  std::string interp;
  ::dl_iterate_phdr([](struct dl_phdr_info* info, size_t, void* out) {
    for (int i = 0; i < info->dlpi_phnum; ++i)
      if (info->dlpi_phdr[i].p_type == PT_INTERP)
        *static_cast<std::string*>(out) = reinterpret_cast<const char*>(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
    return 1;  // the first object is the program itself
  }, &interp);
  if (interp.empty() || interp[0] != '/') throw Error("debimg was not started by a dynamic loader it can name");
  return interp;
}

std::string tree_library_path(int root_fd, const std::string& tree) {
  const std::string m = kMultiarch;
  std::vector<std::string> dirs{"/usr/local/lib/" + m, "/lib/" + m, "/usr/lib/" + m, "/usr/local/lib", "/lib", "/usr/lib"};
  // The tree's own configuration first, as its ldconfig would list them.
  std::vector<std::string> conf;
  if (UniqueFd d = open_in_tree(root_fd, "etc/ld.so.conf.d", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (DIR* dir = ::fdopendir(::dup(d.get()))) {
      for (struct dirent* e; (e = ::readdir(dir));)
        if (std::string n = e->d_name; n.size() > 5 && n.ends_with(".conf") && n.find('/') == std::string::npos) conf.push_back(n);
      ::closedir(dir);
    }
  }
  std::sort(conf.begin(), conf.end());
  std::vector<std::string> listed;
  for (const std::string& name : conf) {
    std::istringstream lines(read_file_in_tree(root_fd, "etc/ld.so.conf.d/" + name, 65536).value_or(""));
    for (std::string line; std::getline(lines, line);)
      if (!line.empty() && line[0] == '/' && line.find_first_of(" \t:#") == std::string::npos) listed.push_back(line);
  }
  listed.insert(listed.end(), dirs.begin(), dirs.end());
  std::string out;
  std::set<std::string> seen;
  for (const std::string& dir : listed)
    if (seen.insert(dir).second) out += (out.empty() ? "" : ":") + tree + dir;
  return out;
}

}  // namespace debimg
