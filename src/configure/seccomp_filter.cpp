#include "configure/seccomp_filter.h"

#include <linux/seccomp.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>

#include "configure/syscall_numbers.h"

namespace debimg {

namespace {

// Refused with EPERM whatever their arguments.
constexpr Syscall kDeniedCalls[] = {
    // Reading or steering another process: without namespaces, scripts have
    // the builder's uid. Landlock stops ptrace out of its domain too; this is
    // the second lock, and the only one before Landlock ABI 6's scopes.
    Syscall::ptrace, Syscall::process_vm_readv, Syscall::process_vm_writev, Syscall::kcmp, Syscall::pidfd_getfd,
    // Kernel keyrings are not namespaced and the session keyring is
    // inherited: they may hold the builder's secrets.
    Syscall::keyctl, Syscall::add_key, Syscall::request_key,
    // Large kernel surfaces no script needs. io_uring also runs file and
    // socket operations without a system call this filter would see.
    Syscall::bpf, Syscall::perf_event_open, Syscall::userfaultfd, Syscall::io_uring_setup, Syscall::io_uring_enter,
    Syscall::io_uring_register,
    // File handles name an inode by number, past the paths Landlock checks.
    Syscall::open_by_handle_at, Syscall::name_to_handle_at,
    // Mounts: inside a namespace they could cover or move what a rule names.
    Syscall::mount, Syscall::umount, Syscall::umount2, Syscall::pivot_root, Syscall::fsopen, Syscall::fsmount,
    Syscall::move_mount, Syscall::open_tree, Syscall::open_tree_attr, Syscall::fsconfig, Syscall::fspick,
    Syscall::mount_setattr,
    // Joining namespaces (new ones: unshare and clone below; clone3 further down).
    Syscall::setns,
    // The machine's own: modules, kexec, reboot, swap, accounting, quotas,
    // oprofile's dcookies, and i386's vm86 mode with its history of bugs.
    Syscall::init_module, Syscall::finit_module, Syscall::delete_module, Syscall::kexec_load,
    Syscall::kexec_file_load, Syscall::reboot, Syscall::swapon, Syscall::swapoff, Syscall::acct, Syscall::quotactl,
    Syscall::quotactl_fd, Syscall::lookup_dcookie, Syscall::vm86, Syscall::vm86old};

// New namespaces would give a script a user namespace's capabilities
// (mounts over what Landlock names) and the kernel surface behind them.
constexpr std::uint32_t kNewNamespaces =
    CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;

using BpfProgram = std::vector<sock_filter>;

sock_filter bpf_op(std::uint16_t code, std::uint32_t k, std::uint8_t jt = 0, std::uint8_t jf = 0) {
  return sock_filter{code, jt, jf, k};
}
sock_filter bpf_ret(std::uint32_t action) { return bpf_op(BPF_RET | BPF_K, action); }
std::uint32_t seccomp_errno(int error) {
  return SECCOMP_RET_ERRNO | (static_cast<std::uint32_t>(error) & SECCOMP_RET_DATA);
}
sock_filter bpf_ret_errno(int error) { return bpf_ret(seccomp_errno(error)); }
sock_filter bpf_load(std::size_t offset) {
  return bpf_op(BPF_LD | BPF_W | BPF_ABS, static_cast<std::uint32_t>(offset));
}

// The low 32 bits of argument i: of every argument checked here (flags, an
// ioctl request, a family) the kernel reads those only, or refuses more.
sock_filter bpf_load_arg(int i) {
  constexpr std::size_t low = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 4;
  return bpf_load(offsetof(seccomp_data, args) + 8 * static_cast<std::size_t>(i) + low);
}

std::uint8_t bpf_skip(std::size_t n) {
  if (n > 255) throw std::logic_error("seccomp_program: a jump too long for classic BPF");
  return static_cast<std::uint8_t>(n);
}

// `body`, which ends in a return, runs for the call `number` (none: -1).
void bpf_on_call(BpfProgram& p, int number, const BpfProgram& body) {
  if (number < 0) return;
  p.push_back(bpf_op(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(number), 0, bpf_skip(body.size())));
  p.insert(p.end(), body.begin(), body.end());
}

// `error` when argument `arg` has any of `bits`.
BpfProgram bpf_refuse_bits(int arg, std::uint32_t bits, int error) {
  return {bpf_load_arg(arg), bpf_op(BPF_JMP | BPF_JSET | BPF_K, bits, 0, 1), bpf_ret_errno(error),
          bpf_ret(SECCOMP_RET_ALLOW)};
}

// Argument `arg` compared with `values`: a match returns `on_match`, anything else `otherwise`.
BpfProgram bpf_match_values(int arg, std::initializer_list<std::uint32_t> values, std::uint32_t on_match,
                            std::uint32_t otherwise) {
  BpfProgram p{bpf_load_arg(arg)};
  std::size_t left = values.size();
  for (std::uint32_t v : values) p.push_back(bpf_op(BPF_JMP | BPF_JEQ | BPF_K, v, bpf_skip(left--), 0));
  p.push_back(bpf_ret(otherwise));
  p.push_back(bpf_ret(on_match));
  return p;
}

void seccomp_argument_checks(BpfProgram& p, const SyscallAbi& abi, const SeccompOptions& options) {
  // clone3's flags are in memory, out of a filter's reach: ENOSYS makes libc
  // fall back to clone, whose flags are an argument (Docker does the same).
  bpf_on_call(p, abi[Syscall::clone3], {bpf_ret_errno(ENOSYS)});
  bpf_on_call(p, abi[Syscall::clone], bpf_refuse_bits(0, kNewNamespaces, EPERM));
  bpf_on_call(p, abi[Syscall::unshare], bpf_refuse_bits(0, kNewNamespaces | CLONE_NEWTIME, EPERM));
  // Only Linux personalities (Docker's list): the others switch off ASLR or
  // make readable memory executable.
  constexpr std::uint32_t query = 0xffffffff;
  bpf_on_call(p, abi[Syscall::personality],
              bpf_match_values(0, {PER_LINUX, PER_LINUX32, UNAME26, std::uint32_t{PER_LINUX32} | UNAME26, query},
                               SECCOMP_RET_ALLOW, seccomp_errno(EPERM)));
  // Typing into a terminal the script shares with the builder's shell
  // (TIOCSTI), or through the console's selection (TIOCLINUX).
  bpf_on_call(p, abi[Syscall::ioctl],
              bpf_match_values(1, {TIOCSTI, TIOCLINUX}, seccomp_errno(EPERM), SECCOMP_RET_ALLOW));
  if (!options.deny_inet && !options.deny_unix) return;
  // No network (Debian policy; the image must not depend on it): Landlock
  // (ABI 4) stops TCP only, this stops UDP, raw, netlink, packet and vsock too.
  const std::uint32_t unix_action = options.deny_unix ? seccomp_errno(EAFNOSUPPORT) : SECCOMP_RET_ALLOW;
  const std::uint32_t other_action = options.deny_inet ? seccomp_errno(EAFNOSUPPORT) : SECCOMP_RET_ALLOW;
  bpf_on_call(p, abi[Syscall::socket], bpf_match_values(0, {AF_UNIX}, unix_action, other_action));
  // i386's socketcall(SYS_SOCKET, args) keeps the family in memory: refused whole.
  constexpr std::uint32_t socketcall_socket = 1;
  bpf_on_call(p, abi[Syscall::socketcall],
              bpf_match_values(0, {socketcall_socket}, seccomp_errno(EAFNOSUPPORT), SECCOMP_RET_ALLOW));
}

BpfProgram seccomp_section(const SyscallAbi& abi, const SeccompOptions& options) {
  BpfProgram p{bpf_load(offsetof(seccomp_data, nr))};
  if (abi.foreign_bit != 0) {
    p.push_back(bpf_op(BPF_JMP | BPF_JSET | BPF_K, abi.foreign_bit, 0, 1));
    p.push_back(bpf_ret(SECCOMP_RET_KILL_PROCESS));
  }
  for (Syscall s : kDeniedCalls) bpf_on_call(p, abi[s], {bpf_ret_errno(EPERM)});
  seccomp_argument_checks(p, abi, options);
  p.push_back(bpf_ret(SECCOMP_RET_ALLOW));
  return p;
}

}  // namespace

std::vector<sock_filter> seccomp_program(const SeccompOptions& options) {
  const std::vector<SyscallAbi> abis = syscall_abis();
  std::vector<BpfProgram> sections;
  for (const SyscallAbi& abi : abis) sections.push_back(seccomp_section(abi, options));
  // The dispatch: per ABI "arch is it? then jump to its section"; else kill.
  BpfProgram p{bpf_load(offsetof(seccomp_data, arch))};
  std::size_t start = 2 + 2 * abis.size();  // of the first section
  for (std::size_t i = 0; i < abis.size(); ++i) {
    p.push_back(bpf_op(BPF_JMP | BPF_JEQ | BPF_K, abis[i].audit_arch, 0, 1));
    p.push_back(bpf_op(BPF_JMP | BPF_JA, static_cast<std::uint32_t>(start - (3 + 2 * i))));  // from the next one
    start += sections[i].size();
  }
  p.push_back(bpf_ret(SECCOMP_RET_KILL_PROCESS));
  for (const BpfProgram& s : sections) p.insert(p.end(), s.begin(), s.end());
  return p;
}

}  // namespace debimg
