#pragma once
// ldconfig's parse_conf (glibc elf/ldconfig.c) over the tree: the folder
// lines of /etc/ld.so.conf in order, `include` globs read where they
// appear (a relative pattern from the including file's folder), comments
// and `hwcap` lines dropped. A folder line is passed on as ldconfig's
// add_dir_1 gets it, leading blanks removed, the rest untouched.
#include <functional>
#include <string>

namespace debimg {

// Includes nested deeper than this are refused (ldconfig would recurse
// until its stack overflows on a loop).
constexpr int kMaxLdSoConfDepth = 32;

void read_ld_so_conf(int root_fd, const std::string& path, const std::function<void(const std::string&)>& add_dir);

}  // namespace debimg
