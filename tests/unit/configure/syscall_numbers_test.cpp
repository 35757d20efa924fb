// The i386 numbers syscall_numbers.cpp writes out by hand, against the
// kernel headers' own list: this file includes <asm/unistd_32.h> alone, as
// <sys/syscall.h> would name the 64-bit numbers instead.
#include "configure/syscall_numbers.h"

#include <boost/test/unit_test.hpp>

#if defined(__x86_64__)
#include <asm/unistd_32.h>
#include <linux/audit.h>
#endif

using namespace debimg;

BOOST_AUTO_TEST_SUITE(syscall_numbers)

BOOST_AUTO_TEST_CASE(the_native_abi_comes_first_and_knows_every_call_it_has) {
  const auto abis = syscall_abis();
  BOOST_REQUIRE(!abis.empty());
  for (Syscall s : {Syscall::ptrace, Syscall::clone, Syscall::unshare, Syscall::socket, Syscall::ioctl, Syscall::mount})
    BOOST_TEST(abis.front()[s] >= 0);
}

#if defined(__x86_64__)
BOOST_AUTO_TEST_CASE(i386_numbers_are_the_kernel_s) {
  const auto abis = syscall_abis();
  BOOST_REQUIRE(abis.size() == 2);
  const SyscallAbi& i386 = abis[1];
  BOOST_TEST(i386.audit_arch == AUDIT_ARCH_I386);
  const std::pair<Syscall, int> known[] = {
      {Syscall::ptrace, __NR_ptrace}, {Syscall::process_vm_readv, __NR_process_vm_readv},
      {Syscall::process_vm_writev, __NR_process_vm_writev}, {Syscall::kcmp, __NR_kcmp},
      {Syscall::pidfd_getfd, __NR_pidfd_getfd}, {Syscall::keyctl, __NR_keyctl}, {Syscall::add_key, __NR_add_key},
      {Syscall::request_key, __NR_request_key}, {Syscall::bpf, __NR_bpf}, {Syscall::perf_event_open, __NR_perf_event_open},
      {Syscall::userfaultfd, __NR_userfaultfd}, {Syscall::io_uring_setup, __NR_io_uring_setup},
      {Syscall::io_uring_enter, __NR_io_uring_enter}, {Syscall::io_uring_register, __NR_io_uring_register},
      {Syscall::open_by_handle_at, __NR_open_by_handle_at}, {Syscall::name_to_handle_at, __NR_name_to_handle_at},
      {Syscall::mount, __NR_mount}, {Syscall::umount, __NR_umount}, {Syscall::umount2, __NR_umount2},
      {Syscall::pivot_root, __NR_pivot_root}, {Syscall::fsopen, __NR_fsopen}, {Syscall::fsmount, __NR_fsmount},
      {Syscall::move_mount, __NR_move_mount}, {Syscall::open_tree, __NR_open_tree}, {Syscall::fsconfig, __NR_fsconfig},
      {Syscall::fspick, __NR_fspick}, {Syscall::mount_setattr, __NR_mount_setattr}, {Syscall::setns, __NR_setns},
      {Syscall::unshare, __NR_unshare}, {Syscall::clone, __NR_clone}, {Syscall::clone3, __NR_clone3},
      {Syscall::init_module, __NR_init_module}, {Syscall::finit_module, __NR_finit_module},
      {Syscall::delete_module, __NR_delete_module}, {Syscall::kexec_load, __NR_kexec_load}, {Syscall::reboot, __NR_reboot},
      {Syscall::swapon, __NR_swapon}, {Syscall::swapoff, __NR_swapoff}, {Syscall::acct, __NR_acct},
      {Syscall::quotactl, __NR_quotactl}, {Syscall::quotactl_fd, __NR_quotactl_fd},
      {Syscall::lookup_dcookie, __NR_lookup_dcookie}, {Syscall::vm86, __NR_vm86}, {Syscall::vm86old, __NR_vm86old},
      {Syscall::personality, __NR_personality}, {Syscall::ioctl, __NR_ioctl}, {Syscall::socket, __NR_socket},
      {Syscall::socketcall, __NR_socketcall}};
  for (const auto& [call, number] : known) {
    BOOST_TEST_INFO("call #" << static_cast<int>(call));
    BOOST_TEST(i386[call] == number);
  }
#ifdef __NR_open_tree_attr
  BOOST_TEST(i386[Syscall::open_tree_attr] == __NR_open_tree_attr);
#endif
  // Every other call has an i386 number: one added to the enum needs one here too.
  for (int call = 0; call < static_cast<int>(Syscall::count); ++call) {
    const auto s = static_cast<Syscall>(call);
    BOOST_TEST_INFO("call #" << call);
    BOOST_TEST((i386[s] >= 0) == (s != Syscall::kexec_file_load));  // kexec_file_load: x86_64 only
  }
}
#endif

BOOST_AUTO_TEST_SUITE_END()
