#pragma once
// Confines a process about to exec an untrusted program (a maintainer
// script, maybe a static binary that ignores LD_PRELOAD) with what an
// unprivileged process may use under a container runtime's default seccomp
// profile: no namespaces, no capabilities. In order, in the child:
//  - rlimits: no core files, a bounded number of open files;
//  - no capabilities left (unless kept, as the namespace sandbox's scripts
//    need theirs): a root builder's would reach past Landlock;
//  - no_new_privs: no set-id or file-capability gain on exec (and the
//    prerequisite of the two below);
//  - Landlock with every right the running kernel knows: files only as the
//    spec names them, no TCP bind or connect at all (ABI 4), no abstract
//    UNIX socket or signal out of the domain (ABI 6), no ptrace out of it;
//  - debimg's seccomp filter (seccomp_filter.h).
// All of it holds across exec for the program and everything it starts.
// Used alone (scripts run with the builder's uid beside its secrets) and
// inside the namespace sandbox (sandbox.h) as a second wall.
//
// Not covered: Landlock does not check chmod, chown, utimes, xattrs, stat
// or readlink outside the rules, nor connect() to a path-named UNIX socket
// (deny_unix refuses those sockets whole). A /proc rule shows every
// process's cmdline and status; other processes' environ and memory stay
// out of reach only without CAP_SYS_ADMIN and CAP_PERFMON
// (drop_capabilities).
#include <linux/filter.h>
#include <sys/resource.h>

#include <filesystem>
#include <vector>

#include "util/fd.h"

namespace debimg {

struct ConfinementSpec {
  // Folders (or files) with every right but making device nodes: read,
  // write, execute, make, remove, rename and link within (the tree).
  std::vector<std::filesystem::path> read_write;
  // Read and execute (a preload library, an ELF interpreter). Executing a
  // file needs read too; a dynamically linked program needs this on its ELF
  // interpreter and read_only on its libraries.
  std::vector<std::filesystem::path> read_exec;
  std::vector<std::filesystem::path> read_only;
  // Device files (/dev/null, a tty): read, write and ioctl of that file only.
  std::vector<std::filesystem::path> devices;
  bool deny_inet = true;   // socket() of every family but AF_UNIX fails with EAFNOSUPPORT
  bool deny_unix = false;  // socket(AF_UNIX) too: the builder's own UNIX sockets are then out of reach
  // TCP and UDP as the process's network namespace allows (Landlock leaves
  // TCP alone, deny_inet is ignored): only where that namespace is debimg's
  // own, loopback only (the sandbox).
  bool own_network = false;
  rlim_t max_open_files = 65536;  // RLIMIT_NOFILE cap, soft and hard
  // Clear the permitted, effective, inheritable, ambient and (with
  // CAP_SETPCAP) bounding sets. Keep them only inside the namespace sandbox,
  // whose capabilities hold in its own namespaces only.
  bool drop_capabilities = true;
};

// The Landlock ABI of the running kernel; 0 when it has none (or a seccomp
// profile refuses the call).
int landlock_abi() noexcept;

// What apply() could not do: the step and its errno.
struct ConfinementFailure {
  const char* step = nullptr;  // e.g. "landlock_restrict_self"; null: nothing failed
  int error = 0;

  explicit operator bool() const { return step != nullptr; }
  // "debimg: cannot confine the program: STEP: STRERROR\n" with write(2) only.
  void write_line(int fd) const noexcept;
};

class PreparedConfinement {
 public:
  // In the parent: builds the Landlock ruleset for the running ABI (every
  // path opened O_PATH with symlinks followed, so name no path a hostile
  // tree could replace) and the seccomp program. Throws Error when a path
  // cannot be opened, a device is not one, or the kernel has no Landlock.
  explicit PreparedConfinement(const ConfinementSpec& spec);

  // In a forked child before execve: five steps of system calls, no
  // allocation (the parent may have threads). Irreversible for the calling
  // process. Call it before the child rearranges or closes descriptors, as
  // ruleset_fd() must still be itself; what a child does after (dup2,
  // close_range, chdir, setsid, execve) is all still allowed.
  ConfinementFailure apply() const noexcept;

  int abi() const { return abi_; }
  int ruleset_fd() const { return ruleset_.get(); }  // close-on-exec

 private:
  int abi_ = 0;
  rlim_t max_open_files_ = 0;
  bool drop_capabilities_ = true;
  UniqueFd ruleset_;
  std::vector<sock_filter> filter_;
};

}  // namespace debimg
