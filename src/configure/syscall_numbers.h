#pragma once
// The numbers of the system calls debimg's seccomp filter looks at, for each
// system-call ABI a process started here may use: the native one, and on an
// x86_64 build also i386, which 32-bit programs (an i386 image's dpkg, run
// natively) call through int 0x80 with numbers of their own.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace debimg {

enum class Syscall {
  ptrace, process_vm_readv, process_vm_writev, kcmp, pidfd_getfd,
  keyctl, add_key, request_key,
  bpf, perf_event_open, userfaultfd, io_uring_setup, io_uring_enter, io_uring_register,
  open_by_handle_at, name_to_handle_at,
  mount, umount, umount2, pivot_root, fsopen, fsmount, move_mount, open_tree, open_tree_attr, fsconfig, fspick,
  mount_setattr,
  setns, unshare, clone, clone3,
  init_module, finit_module, delete_module, kexec_load, kexec_file_load, reboot, swapon, swapoff, acct, quotactl,
  quotactl_fd, lookup_dcookie, vm86, vm86old,
  personality, ioctl, socket, socketcall,
  count
};

struct SyscallAbi {
  const char* name;           // "x86_64", "i386", …
  std::uint32_t audit_arch;   // seccomp_data.arch of its calls
  std::uint32_t foreign_bit;  // numbers with this bit belong to another ABI of the same arch (x32), or 0
  std::array<int, static_cast<std::size_t>(Syscall::count)> numbers;  // -1: no such call on this ABI

  int operator[](Syscall s) const { return numbers[static_cast<std::size_t>(s)]; }
};

// The native ABI first.
std::vector<SyscallAbi> syscall_abis();

}  // namespace debimg
