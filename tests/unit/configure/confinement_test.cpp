// PreparedConfinement (configure/confinement.h): a forked child applies it
// and tries what a hostile maintainer script would, next to a "secret" the
// parent keeps in another folder; every outcome is the kernel's. The
// system-call side of it is seccomp_filter_test.cpp.
#include "configure/confinement.h"

#include <link.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <termios.h>

#include <fstream>

#include "confined_child.h"
#include "util/error.h"

using namespace debimg;
using test::expect;
using test::open_outcome;
using test::outcome;
namespace fs = std::filesystem;
namespace utf = boost::unit_test;

namespace {

// The tree the program may change, and a folder of the builder's beside it.
struct Folders {
  TempDir allowed, outside;
  fs::path secret = outside.path() / "token";
  Folders() { write_file_atomic(secret, "a service-account token\n"); }
  ConfinementSpec spec() const {
    ConfinementSpec s;
    s.read_write = {allowed.path()};
    return s;
  }
};

// Statically linked, so no LD_PRELOAD would reach it: exits with the errno
// of reading argv[1], or of making a UDP socket for "inet" (0: it worked).
constexpr char kStaticProbe[] = R"(#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
int main(int argc, char** argv) {
  if (argc < 2) return 100;
  if (strcmp(argv[1], "inet") == 0) return socket(AF_INET, SOCK_DGRAM, 0) < 0 ? errno : 0;
  return open(argv[1], O_RDONLY) < 0 ? errno : 0;
}
)";

const fs::path& static_probe() {
  static TempDir dir;
  static const fs::path built = test::compile_c(dir.path(), "probe", kStaticProbe, "-static -O1");
  return built;
}

// The ELF interpreter a dynamically linked program names (PT_INTERP).
std::string elf_interpreter(const fs::path& program) {
  const std::string elf = read_file(program);
  ElfW(Ehdr) header;
  std::memcpy(&header, elf.data(), sizeof header);
  for (int i = 0; i < header.e_phnum; ++i) {
    ElfW(Phdr) segment;
    std::memcpy(&segment, elf.data() + header.e_phoff + i * header.e_phentsize, sizeof segment);
    if (segment.p_type == PT_INTERP) return elf.c_str() + segment.p_offset;
  }
  return {};
}

// The folder of the libc this test runs with (the same as /bin/sh's).
fs::path libc_folder() {
  fs::path found;
  ::dl_iterate_phdr([](dl_phdr_info* info, size_t, void* out) {
    if (std::string(info->dlpi_name).find("/libc.so") == std::string::npos) return 0;
    *static_cast<fs::path*>(out) = fs::canonical(info->dlpi_name).parent_path();
    return 1;
  }, &found);
  return found;
}

bool has_capability(int cap) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct caps[2]{};
  return ::syscall(SYS_capget, &header, caps) == 0 && (caps[cap / 32].effective & (1U << (cap % 32)));
}

bool user_namespaces_work() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(::unshare(CLONE_NEWUSER) == 0 ? 0 : 1);
  int status = 0;
  return child > 0 && ::waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(confinement)

BOOST_AUTO_TEST_CASE(landlock_is_there) {
  BOOST_TEST_MESSAGE("Landlock ABI " << landlock_abi());
  BOOST_TEST(landlock_abi() > 0);
}

BOOST_AUTO_TEST_CASE(the_tree_is_the_program_s_to_change) {
  Folders f;
  const fs::path in = f.allowed.path();
  const auto seen = test::confined(f.spec(), [&](test::Outcomes& s) {
    s["create"] = open_outcome(in / "a", O_WRONLY | O_CREAT | O_EXCL);
    const int fd = ::open((in / "a").c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    s["write"] = outcome(fd < 0 ? -1 : ::write(fd, "x", 1));
    s["ftruncate"] = outcome(::ftruncate(fd, 0));
    ::close(fd);
    s["mkdir"] = outcome(::mkdir((in / "d").c_str(), 0755));
    s["rename"] = outcome(::rename((in / "a").c_str(), (in / "b").c_str()));
    s["rename into a folder"] = outcome(::rename((in / "b").c_str(), (in / "d" / "b").c_str()));
    s["hard link"] = outcome(::link((in / "d" / "b").c_str(), (in / "c").c_str()));
    s["symlink"] = outcome(::symlink("d/b", (in / "l").c_str()));
    s["mkfifo"] = outcome(::mkfifo((in / "p").c_str(), 0644));
    s["list"] = open_outcome(in, O_RDONLY | O_DIRECTORY);
    s["unlink"] = outcome(::unlink((in / "d" / "b").c_str()));
    s["rmdir"] = outcome(::rmdir((in / "d").c_str()));
  });
  for (const char* probe : {"create", "write", "ftruncate", "mkdir", "rename", "rename into a folder", "hard link",
                            "symlink", "mkfifo", "list", "unlink", "rmdir"})
    expect(seen, probe, 0);
}

BOOST_AUTO_TEST_CASE(nothing_outside_can_be_read_or_written) {
  Folders f;
  const fs::path in = f.allowed.path();
  write_file_atomic(in / "mine", "x");
  const auto seen = test::confined(f.spec(), [&](test::Outcomes& s) {
    s["read the secret"] = open_outcome(f.secret, O_RDONLY);
    s["write the secret"] = open_outcome(f.secret, O_WRONLY);
    s["truncate the secret"] = outcome(::truncate(f.secret.c_str(), 0));
    s["create beside it"] = open_outcome(f.outside.path() / "new", O_WRONLY | O_CREAT);
    s["list its folder"] = open_outcome(f.outside.path(), O_RDONLY | O_DIRECTORY);
    s["read /etc/passwd"] = open_outcome("/etc/passwd", O_RDONLY);
    s["list /"] = open_outcome("/", O_RDONLY | O_DIRECTORY);
    s["run /bin/true"] = test::run_program({"/bin/true"}) - 200;
    // Into the tree by a link, a symlink or a rename: the file keeps its outside rights.
    s["hard link it in"] = outcome(::link(f.secret.c_str(), (in / "stolen").c_str()));
    s["symlink to it"] = outcome(::symlink(f.secret.c_str(), (in / "link").c_str()));
    s["read through the symlink"] = open_outcome(in / "link", O_RDONLY);
    s["rename it in"] = outcome(::rename(f.secret.c_str(), (in / "moved").c_str()));
    s["rename a tree file out"] = outcome(::rename((in / "mine").c_str(), (f.outside.path() / "mine").c_str()));
  });
  for (const char* probe : {"read the secret", "write the secret", "truncate the secret", "create beside it",
                            "list its folder", "read /etc/passwd", "list /", "run /bin/true",
                            "read through the symlink"})
    expect(seen, probe, EACCES);
  expect(seen, "symlink to it", 0);  // making it is the tree's business; following it is not
  // A rename needs remove and make rights on both sides; a link may not give the file the tree's rights.
  expect(seen, "rename it in", EACCES);
  expect(seen, "rename a tree file out", EACCES);
  expect(seen, "hard link it in", EXDEV);
  BOOST_TEST(read_file(f.secret) == "a service-account token\n");
}

BOOST_AUTO_TEST_CASE(a_static_binary_is_held_too,
                     *utf::precondition(test::needs{[] { return !static_probe().empty(); },
                                                    "gcc -static cannot link a program here (libc6-dev?)"})) {
  Folders f;
  TempDir tools;
  const fs::path in_tree = f.allowed.path() / "probe", listed = tools.path() / "probe", beside = tools.path() / "other";
  for (const fs::path& to : {in_tree, listed, beside}) fs::copy_file(static_probe(), to);
  ConfinementSpec spec = f.spec();
  spec.read_exec = {listed};  // the file only, not its folder
  const auto seen = test::confined(spec, [&](test::Outcomes& s) {
    s["in the tree: the secret"] = test::run_program({in_tree, f.secret});
    s["in the tree: /etc/passwd"] = test::run_program({in_tree, "/etc/passwd"});
    s["in the tree: its own folder"] = test::run_program({in_tree, f.allowed.path()});
    s["in the tree: a UDP socket"] = test::run_program({in_tree, "inet"});
    s["read-exec file: runs"] = test::run_program({listed, listed});
    s["read-exec file: the secret"] = test::run_program({listed, f.secret});
    s["read-exec file: write it"] = open_outcome(listed, O_WRONLY);
    s["its unlisted sibling"] = test::run_program({beside, beside}) - 200;
  });
  expect(seen, "in the tree: the secret", EACCES);
  expect(seen, "in the tree: /etc/passwd", EACCES);
  expect(seen, "in the tree: its own folder", 0);
  expect(seen, "in the tree: a UDP socket", EAFNOSUPPORT);
  expect(seen, "read-exec file: runs", 0);
  expect(seen, "read-exec file: the secret", EACCES);
  expect(seen, "read-exec file: write it", EACCES);
  expect(seen, "its unlisted sibling", EACCES);
}

// What /bin/sh (dynamically linked) needs: execute on its ELF interpreter,
// which the kernel opens, and read on the libraries the interpreter maps.
BOOST_AUTO_TEST_CASE(a_dynamic_program_needs_its_interpreter_and_libraries) {
  Folders f;
  const fs::path shell = fs::canonical("/bin/sh"), interpreter = fs::canonical(elf_interpreter(shell));
  const fs::path libc = libc_folder();
  BOOST_REQUIRE(!libc.empty());
  BOOST_TEST_MESSAGE("/bin/sh is " << shell << ", its interpreter " << interpreter << ", libc in " << libc);
  write_file_atomic(f.allowed.path() / "script", "#!/bin/sh\necho made > \"$1\"\n", 0755);
  std::string said;  // the last run's stderr
  auto sh = [&](ConfinementSpec spec, const std::vector<std::string>& argv) {
    Pipe text;
    const int status = test::confined(spec, [&](test::Outcomes& s) {
      std::string errors;
      s["status"] = test::run_program(argv, &errors);
      write_all(text.write.get(), errors.data(), errors.size(), "stderr");
    }).at("status");
    text.write.reset();
    said = read_until_eof(text.read.get());
    return status;
  };
  ConfinementSpec spec = f.spec();
  spec.read_exec = {shell};
  BOOST_TEST(sh(spec, {"/bin/sh", "-c", "exit 3"}) == 200 + EACCES);  // execve: the interpreter cannot be opened
  spec.read_exec.push_back(interpreter);
  BOOST_TEST(sh(spec, {"/bin/sh", "-c", "exit 3"}) == 127);  // the interpreter runs, libc cannot be read…
  BOOST_TEST(said.find("libc.so.6: cannot open shared object file: No such file or directory") != std::string::npos,
             said);  // …which it words as a missing file (its last try of several)
  spec.read_only = {libc};
  BOOST_TEST(sh(spec, {"/bin/sh", "-c", "exit 3"}) == 3);  // without /etc/ld.so.cache too
  BOOST_TEST(sh(spec, {"/bin/sh", "-c", "echo > /dev/null"}) == 2);  // a redirection to an unlisted device
  BOOST_TEST(said.find("cannot create /dev/null: Permission denied") != std::string::npos, said);
  spec.devices = {"/dev/null"};
  // cd needs no right (Landlock has none for it); ls is not listed: 126, "exec: ls: Permission denied".
  BOOST_TEST(sh(spec, {"/bin/sh", "-c", "echo > /dev/null; cd /; exec ls"}) == 126);
  const fs::path made = f.allowed.path() / "made";
  BOOST_TEST(sh(spec, {f.allowed.path() / "script", made}) == 0);  // a #! script of the tree
  BOOST_TEST(read_file(made) == "made\n");
}

// ioctl is a device's right (isatty() asks TCGETS), checked on what the
// program opens itself; O_TRUNC on a device needs no truncate right, as
// the kernel ignores it there.
BOOST_AUTO_TEST_CASE(devices_are_read_written_and_ioctl_d_and_nothing_more) {
  Folders f;
  ConfinementSpec spec = f.spec();
  spec.devices = {"/dev/null"};
  spec.read_only = {"/dev/zero"};
  UniqueFd inherited(::open("/dev/zero", O_RDONLY | O_CLOEXEC));  // as a log or stdin is
  const auto seen = test::confined(spec, [&](test::Outcomes& s) {
    s["/dev/null: > redirection"] = open_outcome("/dev/null", O_WRONLY | O_CREAT | O_TRUNC);
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    s["/dev/null: write"] = outcome(::write(null, "x", 1));
    termios t{};
    s["/dev/null: TCGETS"] = outcome(::ioctl(null, TCGETS, &t));
    const int zero = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
    char c;
    s["/dev/zero read-only: read"] = outcome(::read(zero, &c, 1));
    s["/dev/zero read-only: TCGETS"] = outcome(::ioctl(zero, TCGETS, &t));
    s["/dev/zero read-only: write"] = open_outcome("/dev/zero", O_WRONLY);
    s["/dev/full, unlisted"] = open_outcome("/dev/full", O_WRONLY);
    s["/dev/zero opened before: TCGETS"] = outcome(::ioctl(inherited.get(), TCGETS, &t));
  });
  expect(seen, "/dev/null: > redirection", 0);
  expect(seen, "/dev/null: write", 0);
  expect(seen, "/dev/null: TCGETS", ENOTTY);  // the driver's answer: Landlock let it through
  expect(seen, "/dev/zero read-only: read", 0);
  expect(seen, "/dev/zero read-only: TCGETS", EACCES);
  expect(seen, "/dev/zero read-only: write", EACCES);
  expect(seen, "/dev/full, unlisted", EACCES);
  expect(seen, "/dev/zero opened before: TCGETS", ENOTTY);  // rights are checked at open
}

BOOST_AUTO_TEST_CASE(limits_no_new_privs_and_the_filter_are_in_place) {
  Folders f;
  ConfinementSpec spec = f.spec();
  spec.read_only = {"/proc"};
  spec.max_open_files = 64;
  const auto seen = test::confined(spec, [&](test::Outcomes& s) {
    rlimit core{}, files{};
    ::getrlimit(RLIMIT_CORE, &core);
    ::getrlimit(RLIMIT_NOFILE, &files);
    s["core soft"] = static_cast<int>(core.rlim_cur);
    s["core hard"] = static_cast<int>(core.rlim_max);
    s["files hard"] = static_cast<int>(files.rlim_max);
    const rlimit more{1024, 1024};
    s["raise files"] = outcome(::setrlimit(RLIMIT_NOFILE, &more));
    s["no_new_privs"] = ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("Seccomp:", 0) == 0) s["seccomp mode"] = line.back() - '0';
    int last = 0;
    for (int i = 0; i < 70 && last >= 0; ++i) last = ::open(f.allowed.path().c_str(), O_RDONLY | O_DIRECTORY);
    s["open 70 files"] = outcome(last);
  });
  BOOST_TEST(seen.at("core soft") == 0);
  BOOST_TEST(seen.at("core hard") == 0);
  BOOST_TEST(seen.at("files hard") <= 64);
  expect(seen, "raise files", EPERM);
  expect(seen, "open 70 files", EMFILE);
  BOOST_TEST(seen.at("no_new_privs") == 1);
  BOOST_TEST(seen.at("seccomp mode") == SECCOMP_MODE_FILTER);
}

// Reading /proc is allowed here, as a caller may: the builder's environment
// and memory stay out of reach, as it is outside the domain.
BOOST_AUTO_TEST_CASE(the_builder_s_process_is_out_of_reach) {
  Folders f;
  ConfinementSpec spec = f.spec();
  spec.read_only = {"/proc"};
  const std::string builder = "/proc/" + std::to_string(::getpid());
  const auto seen = test::confined(spec, [&](test::Outcomes& s) {
    s["its environ"] = open_outcome(builder + "/environ", O_RDONLY);
    s["its mem"] = open_outcome(builder + "/mem", O_RDONLY);
    s["its status"] = open_outcome(builder + "/status", O_RDONLY);
    s["own environ"] = open_outcome("/proc/self/environ", O_RDONLY);
    s["ptrace attach"] = outcome(::ptrace(PTRACE_ATTACH, ::getppid(), nullptr, nullptr));
    char byte;
    iovec local{&byte, 1}, remote{&byte, 1};
    s["process_vm_readv"] = outcome(::process_vm_readv(::getppid(), &local, 1, &remote, 1, 0));
  });
  expect(seen, "its environ", EACCES);
  expect(seen, "its mem", EACCES);
  expect(seen, "its status", 0);
  expect(seen, "own environ", 0);
  expect(seen, "ptrace attach", EPERM);
  expect(seen, "process_vm_readv", EPERM);
}

BOOST_AUTO_TEST_CASE(signals_and_abstract_sockets_stay_in_the_domain, *utf::precondition(test::landlock_at_least{6})) {
  Folders f;
  UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string name = "debimg-confinement-test-" + std::to_string(::getpid());
  std::memcpy(address.sun_path + 1, name.data(), name.size());  // abstract: a leading NUL
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  BOOST_REQUIRE(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), length) == 0);
  BOOST_REQUIRE(::listen(listener.get(), 1) == 0);
  const auto seen = test::confined(f.spec(), [&](test::Outcomes& s) {
    s["signal the builder"] = outcome(::kill(::getppid(), 0));
    s["signal itself"] = outcome(::kill(::getpid(), 0));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    s["connect to the builder's abstract socket"] =
        outcome(::connect(fd, reinterpret_cast<sockaddr*>(&address), length));
  });
  expect(seen, "signal the builder", EPERM);
  expect(seen, "signal itself", 0);
  expect(seen, "connect to the builder's abstract socket", EPERM);
}

// Pinned so that the header's "not covered" stays true: Landlock checks
// opening, not a file's metadata, and not connect() to a path-named UNIX
// socket (a runtime's, an agent's), which only deny_unix keeps out.
BOOST_AUTO_TEST_CASE(what_landlock_leaves_to_the_caller) {
  Folders f;
  const fs::path socket_path = f.outside.path() / "agent.sock";
  UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket_path.c_str(), sizeof address.sun_path - 1);
  BOOST_REQUIRE(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  BOOST_REQUIRE(::listen(listener.get(), 1) == 0);
  auto probes = [&](test::Outcomes& s) {
    struct stat st{};
    s["stat the secret"] = outcome(::stat(f.secret.c_str(), &st));
    s["chmod the secret"] = outcome(::chmod(f.secret.c_str(), 0600));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    s["connect to a path-named socket"] =
        fd < 0 ? errno : outcome(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address));
  };
  const auto open_unix = test::confined(f.spec(), probes);
  expect(open_unix, "stat the secret", 0);
  expect(open_unix, "chmod the secret", 0);
  expect(open_unix, "connect to a path-named socket", 0);
  ConfinementSpec spec = f.spec();
  spec.deny_unix = true;
  expect(test::confined(spec, probes), "connect to a path-named socket", EAFNOSUPPORT);
}

// Run as root, the tests show what a root builder's scripts would keep.
BOOST_AUTO_TEST_CASE(a_root_builder_s_capabilities_are_gone,
                     *utf::precondition(test::needs{[] { return has_capability(CAP_SYS_ADMIN); },
                                                    "needs CAP_SYS_ADMIN (run as root)"})) {
  Folders f;
  ConfinementSpec spec = f.spec();
  spec.read_only = {"/proc"};
  const std::string environ = "/proc/" + std::to_string(::getpid()) + "/environ";
  auto probes = [&](test::Outcomes& s) {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct caps[2]{};
    ::syscall(SYS_capget, &header, caps);
    s["permitted"] = static_cast<int>(caps[0].permitted | caps[1].permitted);
    s["CAP_SYS_ADMIN bounded"] = ::prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0);
    s["the builder's environ"] = open_outcome(environ, O_RDONLY);
    s["mknod /dev/null's twin"] = outcome(::mknod((f.allowed.path() / "null").c_str(), S_IFCHR | 0666, makedev(1, 3)));
  };
  const auto dropped = test::confined(spec, probes);
  BOOST_TEST(dropped.at("permitted") == 0);
  BOOST_TEST(dropped.at("CAP_SYS_ADMIN bounded") == 0);
  expect(dropped, "the builder's environ", EACCES);
  spec.drop_capabilities = false;
  const auto kept = test::confined(spec, probes);
  // The tree's rule leaves out making devices, which only capabilities allow.
  expect(kept, "mknod /dev/null's twin", EACCES);
  BOOST_TEST_MESSAGE("with CAP_SYS_ADMIN kept, the builder's /proc/PID/environ: "
                     << test::errno_name(kept.at("the builder's environ")));
}

BOOST_AUTO_TEST_CASE(paths_it_cannot_rule_are_refused_in_the_parent) {
  Folders f;
  ConfinementSpec missing = f.spec();
  missing.read_only = {f.outside.path() / "absent"};
  BOOST_CHECK_EXCEPTION(PreparedConfinement{missing}, Error, [&](const Error& e) {
    const std::string absent = (f.outside.path() / "absent").string();
    return std::string(e.what()) ==
           "cannot confine scripts: the read-only path " + absent + ": No such file or directory";
  });
  ConfinementSpec not_a_device = f.spec();
  not_a_device.devices = {f.secret};
  BOOST_CHECK_EXCEPTION(PreparedConfinement{not_a_device}, Error, [&](const Error& e) {
    return std::string(e.what()) == "cannot confine scripts: the device path " + f.secret.string() +
                                        " is not a device file (list it as read-write or read-only)";
  });
  ConfinementSpec file = f.spec();
  file.read_write.push_back(f.secret);  // a file: only file rights, which Landlock takes
  BOOST_CHECK_NO_THROW(PreparedConfinement{file});
}

BOOST_AUTO_TEST_CASE(a_failure_is_one_line) {
  Pipe pipe;
  ConfinementFailure{"landlock_restrict_self", EPERM}.write_line(pipe.write.get());
  pipe.write.reset();
  BOOST_TEST(read_until_eof(pipe.read.get()) ==
             "debimg: cannot confine the program: landlock_restrict_self: Operation not permitted\n");
  BOOST_TEST(!ConfinementFailure{});
}

// Inside the namespace sandbox the script is root of its user namespace:
// the confinement still refuses what those capabilities would allow.
BOOST_AUTO_TEST_CASE(a_second_wall_inside_a_user_namespace,
                     *utf::precondition(test::needs{user_namespaces_work, "needs user namespaces"})) {
  Folders f;
  const fs::path before = f.allowed.path() / "before", after = f.allowed.path() / "after";
  fs::create_directory(before);
  fs::create_directory(after);
  const uid_t uid = ::getuid();
  ConfinementSpec spec = f.spec();
  spec.drop_capabilities = false;  // as the namespace sandbox keeps its scripts' own
  const auto seen = test::confined(spec, [&](test::Outcomes& s) {
    s["mount tmpfs"] = outcome(::mount("tmpfs", after.c_str(), "tmpfs", 0, nullptr));
    s["unmount"] = outcome(::umount2(before.c_str(), MNT_DETACH));
    s["another mount namespace"] = outcome(::unshare(CLONE_NEWNS));
  }, [&] {
    // Root of a new user namespace, mounting before the confinement as a sandbox does.
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) throw Error("unshare");
    std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1\n";
    if (::mount("tmpfs", before.c_str(), "tmpfs", 0, nullptr) != 0) throw Error("mount before");
  });
  for (const char* probe : {"mount tmpfs", "unmount", "another mount namespace"}) expect(seen, probe, EPERM);
}

BOOST_AUTO_TEST_SUITE_END()
