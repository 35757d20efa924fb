#pragma once
// The library search paths an ELF object names (DT_RUNPATH, else DT_RPATH),
// read from its own bytes: without namespaces the tree's loader would look
// for a program's private libraries (systemd's, a JVM's) on the host, so
// their folders join the search path the tree's programs run with.
#include <string>
#include <vector>

namespace debimg {

// The entries of `fd`'s RUNPATH (or RPATH) as written ("$ORIGIN/../lib",
// "/usr/lib/x86_64-linux-gnu/systemd"); empty for anything that is not a
// native-class ELF object with one. Bounds-checked: the file is the tree's.
std::vector<std::string> elf_runpath(int fd);

// Every folder the tree's ELF objects name in theirs ($ORIGIN expanded to
// the object's own folder, ".." resolved), that the tree holds, as host
// paths below `tree` (the tree's host path), in a stable order.
std::vector<std::string> tree_runpath_dirs(int root_fd, const std::string& tree);

}  // namespace debimg
