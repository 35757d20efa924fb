#include "configure/syscall_numbers.h"

#include <linux/audit.h>
#include <sys/syscall.h>

namespace debimg {

namespace {

using Numbers = std::array<int, static_cast<std::size_t>(Syscall::count)>;

struct NumberTable {
  Numbers n;
  NumberTable() { n.fill(-1); }
  NumberTable& set(Syscall s, int number) {
    n[static_cast<std::size_t>(s)] = number;
    return *this;
  }
};

// From <sys/syscall.h>: right by construction for whatever this is built for.
Numbers native_numbers() {
  NumberTable t;
  t.set(Syscall::ptrace, __NR_ptrace).set(Syscall::process_vm_readv, __NR_process_vm_readv)
      .set(Syscall::process_vm_writev, __NR_process_vm_writev).set(Syscall::kcmp, __NR_kcmp)
      .set(Syscall::pidfd_getfd, __NR_pidfd_getfd);
  t.set(Syscall::keyctl, __NR_keyctl).set(Syscall::add_key, __NR_add_key).set(Syscall::request_key, __NR_request_key);
  t.set(Syscall::bpf, __NR_bpf).set(Syscall::perf_event_open, __NR_perf_event_open)
      .set(Syscall::userfaultfd, __NR_userfaultfd).set(Syscall::io_uring_setup, __NR_io_uring_setup)
      .set(Syscall::io_uring_enter, __NR_io_uring_enter).set(Syscall::io_uring_register, __NR_io_uring_register);
  t.set(Syscall::open_by_handle_at, __NR_open_by_handle_at).set(Syscall::name_to_handle_at, __NR_name_to_handle_at);
  t.set(Syscall::mount, __NR_mount).set(Syscall::umount2, __NR_umount2).set(Syscall::pivot_root, __NR_pivot_root)
      .set(Syscall::fsopen, __NR_fsopen).set(Syscall::fsmount, __NR_fsmount).set(Syscall::move_mount, __NR_move_mount)
      .set(Syscall::open_tree, __NR_open_tree).set(Syscall::fsconfig, __NR_fsconfig).set(Syscall::fspick, __NR_fspick)
      .set(Syscall::mount_setattr, __NR_mount_setattr);
  t.set(Syscall::setns, __NR_setns).set(Syscall::unshare, __NR_unshare).set(Syscall::clone, __NR_clone)
      .set(Syscall::clone3, __NR_clone3);
  t.set(Syscall::init_module, __NR_init_module).set(Syscall::finit_module, __NR_finit_module)
      .set(Syscall::delete_module, __NR_delete_module).set(Syscall::kexec_load, __NR_kexec_load)
      .set(Syscall::reboot, __NR_reboot).set(Syscall::swapon, __NR_swapon).set(Syscall::swapoff, __NR_swapoff)
      .set(Syscall::acct, __NR_acct).set(Syscall::quotactl, __NR_quotactl).set(Syscall::quotactl_fd, __NR_quotactl_fd);
  t.set(Syscall::personality, __NR_personality).set(Syscall::ioctl, __NR_ioctl).set(Syscall::socket, __NR_socket);
  // Calls only some architectures have, or only newer headers name.
#ifdef __NR_open_tree_attr
  t.set(Syscall::open_tree_attr, __NR_open_tree_attr);
#else
  t.set(Syscall::open_tree_attr, 467);  // Linux 6.15, the unified number
#endif
#ifdef __NR_umount
  t.set(Syscall::umount, __NR_umount);
#endif
#ifdef __NR_kexec_file_load
  t.set(Syscall::kexec_file_load, __NR_kexec_file_load);
#endif
#ifdef __NR_lookup_dcookie
  t.set(Syscall::lookup_dcookie, __NR_lookup_dcookie);
#endif
#ifdef __NR_vm86
  t.set(Syscall::vm86, __NR_vm86);
#endif
#ifdef __NR_vm86old
  t.set(Syscall::vm86old, __NR_vm86old);
#endif
#ifdef __NR_socketcall
  t.set(Syscall::socketcall, __NR_socketcall);
#endif
  return t.n;
}

#if defined(__x86_64__)
// arch/x86/entry/syscalls/syscall_32.tbl, which <sys/syscall.h> cannot
// name next to the 64-bit numbers (syscall_numbers_test.cpp checks them
// against <asm/unistd_32.h>).
Numbers i386_numbers() {
  NumberTable t;
  t.set(Syscall::ptrace, 26).set(Syscall::process_vm_readv, 347).set(Syscall::process_vm_writev, 348)
      .set(Syscall::kcmp, 349).set(Syscall::pidfd_getfd, 438);
  t.set(Syscall::keyctl, 288).set(Syscall::add_key, 286).set(Syscall::request_key, 287);
  t.set(Syscall::bpf, 357).set(Syscall::perf_event_open, 336).set(Syscall::userfaultfd, 374)
      .set(Syscall::io_uring_setup, 425).set(Syscall::io_uring_enter, 426).set(Syscall::io_uring_register, 427);
  t.set(Syscall::open_by_handle_at, 342).set(Syscall::name_to_handle_at, 341);
  t.set(Syscall::mount, 21).set(Syscall::umount, 22).set(Syscall::umount2, 52).set(Syscall::pivot_root, 217)
      .set(Syscall::fsopen, 430).set(Syscall::fsmount, 432).set(Syscall::move_mount, 429).set(Syscall::open_tree, 428)
      .set(Syscall::open_tree_attr, 467).set(Syscall::fsconfig, 431).set(Syscall::fspick, 433)
      .set(Syscall::mount_setattr, 442);
  t.set(Syscall::setns, 346).set(Syscall::unshare, 310).set(Syscall::clone, 120).set(Syscall::clone3, 435);
  t.set(Syscall::init_module, 128).set(Syscall::finit_module, 350).set(Syscall::delete_module, 129)
      .set(Syscall::kexec_load, 283).set(Syscall::reboot, 88).set(Syscall::swapon, 87).set(Syscall::swapoff, 115)
      .set(Syscall::acct, 51).set(Syscall::quotactl, 131).set(Syscall::quotactl_fd, 443)
      .set(Syscall::lookup_dcookie, 253).set(Syscall::vm86, 166).set(Syscall::vm86old, 113);
  t.set(Syscall::personality, 136).set(Syscall::ioctl, 54).set(Syscall::socket, 359).set(Syscall::socketcall, 102);
  return t.n;
}
#endif

}  // namespace

std::vector<SyscallAbi> syscall_abis() {
#if defined(__x86_64__)
  constexpr std::uint32_t x32_bit = 0x40000000;  // __X32_SYSCALL_BIT
  return {{"x86_64", AUDIT_ARCH_X86_64, x32_bit, native_numbers()}, {"i386", AUDIT_ARCH_I386, 0, i386_numbers()}};
#elif defined(__aarch64__)
  // AArch32 programs (AUDIT_ARCH_ARM) are not listed: the filter kills them.
  return {{"aarch64", AUDIT_ARCH_AARCH64, 0, native_numbers()}};
#elif defined(__i386__)
  return {{"i386", AUDIT_ARCH_I386, 0, native_numbers()}};
#else
#error "syscall_numbers.cpp: add this architecture's AUDIT_ARCH_* (and any compat ABI it runs)"
#endif
}

}  // namespace debimg
