#pragma once
// Where the none mode's tools are on the machine that builds (fakeroot's
// faked and preload library, fakechroot's library: Debian's packages), and
// the paths inside the tree that a run starts from.
#include <string>
#include <vector>

namespace debimg {

struct FakeRootTools {
  std::string faked;           // /usr/bin/faked-sysv
  std::string fakeroot_lib;    // libfakeroot-sysv.so
  std::string fakechroot_lib;  // libfakechroot.so
};
// Throws Error naming the packages to install when one is missing.
FakeRootTools fake_root_tools();

// Debian's multiarch triplet of debimg's own architecture (x86_64-linux-gnu).
std::string multiarch_triplet();

// The host path of `path` inside the tree, every symlink resolved inside it;
// throws Error naming `what` when it is not there.
std::string host_path_in_tree(int root_fd, const std::string& tree, const std::string& path, const std::string& what);

// The ELF interpreter debimg itself was started by (/lib64/ld-linux-x86-64.so.2):
// the tree, of the same architecture, has its own at that path.
std::string own_elf_interpreter();

// The tree's library folders (its ld.so.conf.d and the multiarch defaults)
// as host paths: the tree's loader must find the tree's libraries, never the host's.
std::string tree_library_path(int root_fd, const std::string& tree);

}  // namespace debimg
