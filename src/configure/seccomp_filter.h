#pragma once
// debimg's own seccomp filter for untrusted programs (confinement.h): a deny
// list of kernel interfaces a maintainer script has no use for and that
// reach past a Landlock domain or widen the kernel's attack surface, on top
// of whatever filter the container runtime already installed. Everything
// not listed is allowed. A call of an ABI the filter was not built for
// (x32, or anything but the native one and, on x86_64, i386) kills the
// process: its numbers would mean other calls.
#include <linux/filter.h>

#include <vector>

namespace debimg {

struct SeccompOptions {
  bool deny_inet = true;   // socket() of any family but AF_UNIX: EAFNOSUPPORT
  bool deny_unix = false;  // socket(AF_UNIX) too (socketpair() still works)
};

// A classic BPF program for seccomp(SECCOMP_SET_MODE_FILTER).
std::vector<sock_filter> seccomp_program(const SeccompOptions& options);

}  // namespace debimg
