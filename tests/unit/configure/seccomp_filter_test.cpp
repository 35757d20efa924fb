// debimg's seccomp filter (configure/seccomp_filter.h) as a confined child
// meets it: each refused call with the errno the filter gives, the calls
// beside them that must keep working (fork, threads, UNIX sockets, a
// harmless ioctl), flags and families checked on the low 32 bits the
// kernel reads, x32 calls killed and i386 programs filtered with their own
// numbers.
#include "configure/seccomp_filter.h"

#include <fcntl.h>
#include <linux/keyctl.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>

#include <thread>

#include "confined_child.h"

using namespace debimg;
using test::expect;
using test::outcome;
namespace fs = std::filesystem;
namespace utf = boost::unit_test;

namespace {

ConfinementSpec tree_spec(const TempDir& tree) {
  ConfinementSpec spec;
  spec.read_write = {tree.path()};
  spec.devices = {"/dev/null"};
  return spec;
}

// No libc: i386 calls by int 0x80 with i386's numbers; exits with a bit set
// for each call that did not do what the filter promises.
constexpr char kI386Probe[] = R"(
static long sys(long n, long a, long b, long c) {
  long r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
  return r;
}
void _start(void) {
  long bits = 0, unix_args[3] = {1, 1, 0};
  if (sys(26, 0, 0, 0) != -1) bits |= 1;                  /* ptrace(PTRACE_TRACEME): -EPERM */
  if (sys(359, 2, 2, 0) != -97) bits |= 2;                /* socket(AF_INET, SOCK_DGRAM): -EAFNOSUPPORT */
  if (sys(102, 1, (long)unix_args, 0) != -97) bits |= 4;  /* socketcall(SYS_SOCKET, AF_UNIX): refused whole */
  if (sys(359, 1, 1, 0) < 0) bits |= 8;                   /* socket(AF_UNIX, SOCK_STREAM): works */
  if (sys(310, 0x10000000, 0, 0) != -1) bits |= 16;       /* unshare(CLONE_NEWUSER): -EPERM */
  if (sys(288, 0, -3, 0) != -1) bits |= 32;               /* keyctl(KEYCTL_GET_KEYRING_ID): -EPERM */
  if (sys(20, 0, 0, 0) <= 0) bits |= 64;                  /* getpid: works */
  sys(1, bits, 0, 0);
}
)";

const fs::path& i386_probe() {
  static TempDir dir;
  static const fs::path built = [] {
    fs::path p = test::compile_c(dir.path(), "probe32", kI386Probe,
                                 "-m32 -nostdlib -static -ffreestanding -fno-pic -fno-stack-protector -O1");
    return !p.empty() && test::run_program({p}) < 128 ? p : fs::path();  // runs here: IA32 emulation
  }();
  return built;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(seccomp_filter)

BOOST_AUTO_TEST_CASE(only_unix_sockets_are_made) {
  TempDir tree;
  auto probes = [](test::Outcomes& s) {
    s["AF_INET datagram"] = outcome(::socket(AF_INET, SOCK_DGRAM, 0));
    s["AF_INET stream"] = outcome(::socket(AF_INET, SOCK_STREAM, 0));
    s["AF_INET6"] = outcome(::socket(AF_INET6, SOCK_DGRAM, 0));
    s["AF_NETLINK"] = outcome(::socket(AF_NETLINK, SOCK_RAW, 0));
    s["AF_PACKET"] = outcome(::socket(AF_PACKET, SOCK_RAW, 0));
    s["AF_VSOCK"] = outcome(::socket(AF_VSOCK, SOCK_STREAM, 0));
    // The kernel reads the family as an int: bits above it change nothing.
    s["AF_INET, high bits set"] = outcome(::syscall(SYS_socket, AF_INET | (1L << 32), SOCK_DGRAM, 0));
    s["AF_UNIX stream"] = outcome(::socket(AF_UNIX, SOCK_STREAM, 0));
    s["AF_UNIX datagram"] = outcome(::socket(AF_UNIX, SOCK_DGRAM, 0));
    int pair[2];
    s["socketpair"] = outcome(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
  };
  const auto seen = test::confined(tree_spec(tree), probes);
  for (const char* probe : {"AF_INET datagram", "AF_INET stream", "AF_INET6", "AF_NETLINK", "AF_PACKET", "AF_VSOCK",
                            "AF_INET, high bits set"})
    expect(seen, probe, EAFNOSUPPORT);
  for (const char* probe : {"AF_UNIX stream", "AF_UNIX datagram", "socketpair"}) expect(seen, probe, 0);
  ConfinementSpec no_unix = tree_spec(tree);
  no_unix.deny_unix = true;
  const auto without_unix = test::confined(no_unix, probes);
  expect(without_unix, "AF_UNIX stream", EAFNOSUPPORT);
  expect(without_unix, "socketpair", 0);
}

// Without deny_inet, Landlock (ABI 4) still refuses every TCP bind and
// connect; UDP is then open, which is why deny_inet is the default.
BOOST_AUTO_TEST_CASE(tcp_is_landlock_s_to_refuse_too, *utf::precondition(test::landlock_at_least{4})) {
  TempDir tree;
  UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  BOOST_REQUIRE(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), length) == 0);
  BOOST_REQUIRE(::listen(listener.get(), 1) == 0);
  BOOST_REQUIRE(::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ConfinementSpec spec = tree_spec(tree);
  spec.deny_inet = false;
  const auto seen = test::confined(spec, [&](test::Outcomes& s) {
    const int tcp = ::socket(AF_INET, SOCK_STREAM, 0);
    s["TCP socket"] = outcome(tcp);
    s["TCP connect to the builder's port"] = outcome(::connect(tcp, reinterpret_cast<sockaddr*>(&address), length));
    sockaddr_in any{};
    any.sin_family = AF_INET;
    s["TCP bind"] = outcome(::bind(::socket(AF_INET, SOCK_STREAM, 0), reinterpret_cast<sockaddr*>(&any), sizeof any));
    s["UDP socket"] = outcome(::socket(AF_INET, SOCK_DGRAM, 0));
  });
  expect(seen, "TCP socket", 0);
  expect(seen, "TCP connect to the builder's port", EACCES);
  expect(seen, "TCP bind", EACCES);
  expect(seen, "UDP socket", 0);
}

BOOST_AUTO_TEST_CASE(no_namespace_no_mount_but_fork_and_threads) {
  TempDir tree;
  const fs::path in = tree.path();
  const auto seen = test::confined(tree_spec(tree), [&](test::Outcomes& s) {
    s["unshare(CLONE_NEWUSER)"] = outcome(::unshare(CLONE_NEWUSER));
    s["unshare(CLONE_NEWNET)"] = outcome(::unshare(CLONE_NEWNET));
    s["unshare(CLONE_NEWUSER), high bits set"] = outcome(::syscall(SYS_unshare, CLONE_NEWUSER | (1L << 32)));
    s["unshare(CLONE_FS)"] = outcome(::unshare(CLONE_FS));
    s["setns"] = outcome(::setns(-1, 0));  // EBADF, were it not refused first
    const long cloned = ::syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
    if (cloned == 0) ::_exit(0);
    s["clone(CLONE_NEWNS)"] = outcome(cloned);
    s["clone3"] = outcome(::syscall(SYS_clone3, nullptr, 0));
    const pid_t child = ::fork();
    if (child == 0) ::_exit(7);
    int status = 0;
    s["fork"] = child > 0 && ::waitpid(child, &status, 0) == child && WEXITSTATUS(status) == 7 ? 0 : ECHILD;
    int ran = ENOSYS;
    std::thread([&] { ran = 0; }).join();  // glibc's clone3 falls back to clone
    s["a thread"] = ran;
    s["mount"] = outcome(::mount("tmpfs", in.c_str(), "tmpfs", 0, nullptr));
    s["umount2"] = outcome(::umount2(in.c_str(), MNT_DETACH));
    s["pivot_root"] = outcome(::syscall(SYS_pivot_root, in.c_str(), in.c_str()));
    s["fsopen"] = outcome(::syscall(SYS_fsopen, "tmpfs", 0));
    s["open_tree"] = outcome(::syscall(SYS_open_tree, AT_FDCWD, in.c_str(), 0));
  });
  for (const char* probe : {"unshare(CLONE_NEWUSER)", "unshare(CLONE_NEWNET)", "unshare(CLONE_NEWUSER), high bits set",
                            "setns", "clone(CLONE_NEWNS)", "mount", "umount2", "pivot_root", "fsopen", "open_tree"})
    expect(seen, probe, EPERM);
  expect(seen, "clone3", ENOSYS);
  for (const char* probe : {"unshare(CLONE_FS)", "fork", "a thread"}) expect(seen, probe, 0);
}

// Each with arguments the kernel would refuse anyway (or that change
// nothing), should the filter ever let one through.
BOOST_AUTO_TEST_CASE(keyrings_tracing_and_kernel_surfaces_are_refused) {
  TempDir tree;
  const auto seen = test::confined(tree_spec(tree), [&](test::Outcomes& s) {
    s["keyctl"] = outcome(::syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
    s["add_key"] = outcome(::syscall(SYS_add_key, "user", "debimg", "x", 1, KEY_SPEC_PROCESS_KEYRING));
    s["request_key"] = outcome(::syscall(SYS_request_key, "user", "debimg", nullptr, 0));
    s["ptrace(PTRACE_TRACEME)"] = outcome(::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr));
    s["kcmp"] = outcome(::syscall(SYS_kcmp, ::getpid(), ::getppid(), 0, 0, 0));
    s["pidfd_getfd"] = outcome(::syscall(SYS_pidfd_getfd, -1, 0, 0));
    s["bpf"] = outcome(::syscall(SYS_bpf, 0, nullptr, 0));
    s["perf_event_open"] = outcome(::syscall(SYS_perf_event_open, nullptr, 0, -1, -1, 0));
    s["userfaultfd"] = outcome(::syscall(SYS_userfaultfd, 0));
    s["io_uring_setup"] = outcome(::syscall(SYS_io_uring_setup, 1, nullptr));
    s["name_to_handle_at"] = outcome(::syscall(SYS_name_to_handle_at, AT_FDCWD, "/", nullptr, nullptr, 0));
    s["open_by_handle_at"] = outcome(::syscall(SYS_open_by_handle_at, -1, nullptr, 0));
    s["init_module"] = outcome(::syscall(SYS_init_module, nullptr, 0, ""));
    s["finit_module"] = outcome(::syscall(SYS_finit_module, -1, "", 0));
    s["delete_module"] = outcome(::syscall(SYS_delete_module, "debimg-no-such-module", 0));
    s["kexec_load"] = outcome(::syscall(SYS_kexec_load, 0, 0, nullptr, 0xdeadbeefUL));
    s["reboot"] = outcome(::syscall(SYS_reboot, 0, 0, 0, nullptr));
    s["swapon"] = outcome(::syscall(SYS_swapon, "/nonexistent", 0));
    s["acct"] = outcome(::syscall(SYS_acct, "/nonexistent"));
    s["quotactl"] = outcome(::syscall(SYS_quotactl, 0, nullptr, 0, nullptr));
  });
  for (const char* probe : {"keyctl", "add_key", "request_key", "ptrace(PTRACE_TRACEME)", "kcmp", "pidfd_getfd", "bpf",
                            "perf_event_open", "userfaultfd", "io_uring_setup", "name_to_handle_at", "open_by_handle_at",
                            "init_module", "finit_module", "delete_module", "kexec_load", "reboot", "swapon", "acct",
                            "quotactl"})
    expect(seen, probe, EPERM);
}

BOOST_AUTO_TEST_CASE(no_typing_into_a_terminal_and_only_linux_personalities) {
  TempDir tree;
  const auto seen = test::confined(tree_spec(tree), [&](test::Outcomes& s) {
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    char c = 'x';
    s["TIOCSTI"] = outcome(::ioctl(null, TIOCSTI, &c));
    // The kernel reads the request as an unsigned int: bits above it change nothing.
    s["TIOCSTI, high bits set"] = outcome(::syscall(SYS_ioctl, null, TIOCSTI | (1UL << 32), &c));
    s["TIOCLINUX"] = outcome(::ioctl(null, TIOCLINUX, &c));
    termios t{};
    s["TCGETS"] = outcome(::ioctl(null, TCGETS, &t));
    s["personality(PER_LINUX)"] = outcome(::personality(PER_LINUX));
    s["personality query"] = outcome(::personality(0xffffffff));
    s["personality(ADDR_NO_RANDOMIZE)"] = outcome(::personality(ADDR_NO_RANDOMIZE));
    s["personality(READ_IMPLIES_EXEC)"] = outcome(::personality(READ_IMPLIES_EXEC));
  });
  for (const char* probe : {"TIOCSTI", "TIOCSTI, high bits set", "TIOCLINUX", "personality(ADDR_NO_RANDOMIZE)",
                            "personality(READ_IMPLIES_EXEC)"})
    expect(seen, probe, EPERM);
  expect(seen, "TCGETS", ENOTTY);  // through the filter to the driver
  expect(seen, "personality(PER_LINUX)", 0);
  expect(seen, "personality query", 0);
}

#if defined(__x86_64__)
BOOST_AUTO_TEST_CASE(an_x32_call_kills_the_process) {
  TempDir tree;
  const auto seen = test::confined(tree_spec(tree), [&](test::Outcomes& s) {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(static_cast<int>(::syscall(0x40000000L | SYS_getpid) < 0 ? 1 : 0));
    int status = 0;
    ::waitpid(child, &status, 0);
    s["signal"] = WIFSIGNALED(status) ? WTERMSIG(status) : -1;
  });
  BOOST_TEST(seen.at("signal") == SIGSYS);
}

BOOST_AUTO_TEST_CASE(an_i386_program_is_filtered_with_its_own_numbers,
                     *utf::precondition(test::needs{[] { return !i386_probe().empty(); },
                                                    "cannot build or run an i386 program (gcc -m32, IA32 emulation)"})) {
  TempDir tree;
  const fs::path probe = tree.path() / "probe32";
  fs::copy_file(i386_probe(), probe);
  // Unconfined, its socket calls work (whether ptrace, unshare and keyctl do depends on the host).
  BOOST_TEST((test::run_program({probe}) & (2 | 4 | 8 | 64)) == (2 | 4));
  const auto seen = test::confined(tree_spec(tree), [&](test::Outcomes& s) { s["bits"] = test::run_program({probe}); });
  BOOST_TEST(seen.at("bits") == 0);
}
#endif

BOOST_AUTO_TEST_CASE(the_program_fits_classic_bpf) {
  const auto program = seccomp_program({});
  BOOST_TEST(program.size() <= BPF_MAXINSNS);
  BOOST_TEST(program.back().code == (BPF_RET | BPF_K));
}

BOOST_AUTO_TEST_SUITE_END()
