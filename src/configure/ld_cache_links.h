#pragma once
// ldconfig's create_links (glibc elf/ldconfig.c, with Debian's
// local-ldconfig-ignore-ld.so.diff): the symlink SONAME -> LIBNAME in a
// library folder, made when the soname is missing, dangling, or a symlink
// to another file; a regular file there, a correct link or an existing
// dynamic linker name is left alone. Every path resolves inside the tree.
#include <string>

namespace debimg {

// `dir` is the folder as configured, `libname` a file in it.
void create_soname_link(int root_fd, const std::string& dir, const std::string& libname, const std::string& soname);

}  // namespace debimg
