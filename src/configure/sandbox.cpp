#include "configure/sandbox.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "configure/configure_tree.h"
#include "configure/confinement.h"
#include "configure/fake_root_run.h"
#include "configure/tree_owner.h"
#include "configure/user_namespace.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/interrupt.h"

namespace debimg {

namespace {

// The helper's exit status when the sandbox itself could not be set up.
constexpr int kSetupFailed = 125;

// Capabilities scripts keep: Docker's default set without CAP_SYS_CHROOT.
const std::set<int> kKeptCapabilities{CAP_CHOWN,  CAP_DAC_OVERRIDE, CAP_FSETID,  CAP_FOWNER,           CAP_MKNOD,
                                      CAP_NET_RAW, CAP_SETGID,      CAP_SETUID,  CAP_SETFCAP,          CAP_SETPCAP,
                                      CAP_KILL,    CAP_AUDIT_WRITE, CAP_NET_BIND_SERVICE};


int wait_status(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return kSetupFailed;
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

// Moves `fds[i]` to number i+first for an exec, whatever numbers they hold now.
void arrange_fds(const std::vector<int>& fds, int first) {
  std::vector<int> high;
  for (int fd : fds) high.push_back(fd < 0 ? -1 : ::fcntl(fd, F_DUPFD_CLOEXEC, 100));
  for (size_t i = 0; i < high.size(); ++i)
    if (high[i] >= 0) ::dup2(high[i], first + static_cast<int>(i));
    else ::close(first + static_cast<int>(i));
  const int end = first + static_cast<int>(fds.size());
  ::close_range(static_cast<unsigned>(end), ~0U, 0);
}

// ---- inside the helper: before pivot_root, every target is one component
// below a folder fd, opened without following symlinks.

[[noreturn]] void setup_failed(const std::string& what) {
  std::fprintf(stderr, "debimg sandbox: %s\n", what.c_str());
  std::fflush(stderr);
  ::_exit(kSetupFailed);
}

UniqueFd mount_point(int dir_fd, const char* name, mode_t mode) {
  if (::mkdirat(dir_fd, name, mode) != 0 && errno != EEXIST) setup_failed(std::string("cannot create /") + name + ": " + errno_text(errno));
  UniqueFd fd(::openat(dir_fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) setup_failed(std::string("the tree's ") + name + " is not a folder (" + errno_text(errno) + ")");
  return fd;
}

std::string fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

void mount_on(int target_fd, const char* source, const char* type, unsigned long flags, const char* data,
              const std::string& what) {
  if (::mount(source, fd_path(target_fd).c_str(), type, flags, data) != 0)
    setup_failed("cannot mount " + what + ": " + errno_text(errno));
}

void mount_dev(int tree) {
  {
    UniqueFd dev = mount_point(tree, "dev", 0755);
    mount_on(dev.get(), "tmpfs", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=65536k", "a tmpfs on /dev");
  }
  UniqueFd dev(::openat(tree, "dev", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));  // the new tmpfs
  if (!dev) setup_failed("cannot open the new /dev: " + errno_text(errno));
  for (const char* node : {"null", "zero", "full", "random", "urandom", "tty"}) {
    UniqueFd placeholder(::openat(dev.get(), node, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!placeholder) setup_failed(std::string("cannot create /dev/") + node + ": " + errno_text(errno));
    const std::string source = std::string("/dev/") + node;
    if (::mount(source.c_str(), fd_path(placeholder.get()).c_str(), nullptr, MS_BIND, nullptr) != 0) {
      if (std::strcmp(node, "tty") == 0) {  // no controlling terminal to offer: leave it out
        placeholder.reset();
        ::unlinkat(dev.get(), node, 0);
        continue;
      }
      setup_failed("cannot bind " + source + ": " + errno_text(errno));
    }
  }
  UniqueFd pts = mount_point(dev.get(), "pts", 0755);
  mount_on(pts.get(), "devpts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5",
           "/dev/pts");
  UniqueFd shm = mount_point(dev.get(), "shm", 01777);
  mount_on(shm.get(), "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", "/dev/shm");
  for (auto [name, target] : {std::pair{"fd", "/proc/self/fd"}, std::pair{"stdin", "/proc/self/fd/0"},
                              std::pair{"stdout", "/proc/self/fd/1"}, std::pair{"stderr", "/proc/self/fd/2"},
                              std::pair{"ptmx", "pts/ptmx"}})
    if (::symlinkat(target, dev.get(), name) != 0) setup_failed(std::string("cannot link /dev/") + name + ": " + errno_text(errno));
}

void mount_filesystems(int tree) {
  // A fresh /proc of the sandbox's PID namespace: only its own processes.
  // The kernel allows it only while the host's /proc is still visible.
  UniqueFd proc = mount_point(tree, "proc", 0555);
  if (::mount("proc", fd_path(proc.get()).c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0)
    setup_failed("cannot mount a /proc for the sandbox (" + errno_text(errno) +
                 "); in a container, the host's /proc must not be partly masked (Kubernetes: procMount Unmasked)");
  mount_dev(tree);
  UniqueFd run = mount_point(tree, "run", 0755);
  mount_on(run.get(), "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755", "a tmpfs on /run");
  UniqueFd tmp = mount_point(tree, "tmp", 01777);
  mount_on(tmp.get(), "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", "a tmpfs on /tmp");
}

void enter_tree(int tree) {
  if (::fchdir(tree) != 0) setup_failed("cannot enter the tree: " + errno_text(errno));
  if (::syscall(SYS_pivot_root, ".", ".") != 0) setup_failed("pivot_root into the tree failed: " + errno_text(errno));
  if (::umount2(".", MNT_DETACH) != 0) setup_failed("cannot detach the old root: " + errno_text(errno));
  if (::chdir("/") != 0) setup_failed("chdir /: " + errno_text(errno));
}

void loopback_up() {
  UniqueFd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  struct ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (!s || ::ioctl(s.get(), SIOCGIFFLAGS, &ifr) != 0) setup_failed("cannot find the loopback interface: " + errno_text(errno));
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
  if (::ioctl(s.get(), SIOCSIFFLAGS, &ifr) != 0) setup_failed("cannot bring up the loopback interface: " + errno_text(errno));
}

void drop_privileges() {
  int last = CAP_LAST_CAP;
  std::ifstream cap_last("/proc/sys/kernel/cap_last_cap");
  cap_last >> last;
  for (int cap = 0; cap <= last; ++cap)
    if (!kKeptCapabilities.count(cap) && ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL)
      setup_failed("cannot drop capability " + std::to_string(cap) + ": " + errno_text(errno));
  ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  // The helper itself keeps no more than the scripts get.
  struct __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2]{};
  for (int cap : kKeptCapabilities) data[cap / 32].effective |= 1U << (cap % 32);
  for (auto& d : data) d.permitted = d.effective;
  if (::syscall(SYS_capset, &header, data) != 0) setup_failed("cannot set the capabilities: " + errno_text(errno));
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) setup_failed("cannot set no_new_privs: " + errno_text(errno));
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

std::vector<char*> c_strings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

Sandbox::Sandbox(std::filesystem::path tree, const IdMap& ids, int log_fd, std::string hostname, const SandboxMode& mode)
    : tree_(std::move(tree)), ids_(ids), log_fd_(log_fd), hostname_(std::move(hostname)) {
  if (mode.isolation == Isolation::none) fake_root_ = std::make_shared<FakeRootRunner>(tree_, mode.scratch, log_fd, mode.confined);
}

void Sandbox::take_owners(int root_fd, const FileTable& table) const {
  if (fake_root_) fake_root_->seed(root_fd, table);
  else apply_table(root_fd, table, ids_, true);
}

const FakedOwners* Sandbox::faked_owners() const { return fake_root_ ? &fake_root_->owners() : nullptr; }

int Sandbox::run(const SandboxProgram& program) const {
  if (fake_root_) return fake_root_->run(program);
  if (!owners_checked_) {
    // What was written outside the sandbox becomes the scripts' (as root, ids outside their range are nobody's there).
    UniqueFd root(::open(tree_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root) throw Error("cannot open the tree " + tree_.string() + ": " + errno_text(errno));
    hand_tree_to_sandbox(root.get(), ids_);
    owners_checked_ = true;
  }
  const nlohmann::json spec{{"argv", program.argv}, {"env", program.env}, {"cwd", program.cwd},
                            {"hostname", hostname_}, {"script", program.script_fd >= 0}};
  const std::string spec_text = spec.dump();
  if (spec_text.size() > 60000) throw Error("the sandbox instructions are too long");  // they must fit in the pipe
  Pipe spec_pipe;
  write_all(spec_pipe.write.get(), spec_text.data(), spec_text.size(), "the sandbox instructions");
  spec_pipe.write.reset();
  UniqueFd exe(::open("/proc/self/exe", O_PATH | O_CLOEXEC));
  UniqueFd devnull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!exe || !devnull) throw Error("cannot open debimg's own binary or /dev/null: " + errno_text(errno));
  const std::string tree = tree_.string();
  const pid_t self = ::getpid();
  // Each extent must lie within one extent of the build namespace's map: as a
  // user that has two (the user itself, then its range).
  auto map = [&](unsigned base) {
    if (ids_.identity) return "0 " + std::to_string(base) + " " + std::to_string(kNeededIds) + "\n";
    return "0 " + std::to_string(base) + " 1\n1 " + std::to_string(base + 1) + " " + std::to_string(kNeededIds - 1) + "\n";
  };
  const int flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET;
  auto map_ids = [&](pid_t child) { write_id_maps(child, map(ids_.sandbox_uid_base), map(ids_.sandbox_gid_base)); };
  try {
    return fork_with_namespaces(flags, "cannot create the sandbox's namespaces", map_ids, [&](const ChildFailure& fail) {
      // Its memory is debimg's: nobody in the sandbox may read it. (Only now: a
      // non-dumpable process's /proc files belong to host root, which the
      // parent, as a user, could not have written the id maps through.)
      ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
      // Still with the build's file rights: the tree's path may lead through folders only they may enter.
      if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) fail("cannot make the mounts private: " + errno_text(errno));
      if (::mount(tree.c_str(), tree.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0)
        fail("cannot bind the tree onto itself: " + errno_text(errno));
      UniqueFd tree_fd(::open(tree.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
      if (!tree_fd) fail("cannot open the tree: " + errno_text(errno));
      if (::setgroups(0, nullptr) != 0 || ::setresgid(0, 0, 0) != 0 || ::setresuid(0, 0, 0) != 0)
        fail("cannot become the sandbox's root: " + errno_text(errno));
      die_with_parent(self);  // changing ids cleared the death signal
      const pid_t init = ::fork();
      if (init < 0) fail("fork: " + errno_text(errno));
      if (init == 0) {
        die_with_parent(0);
        // 0 /dev/null, 1 and 2 the log, 3 the tree, 4 the instructions, 5 a hook's text, 6 debimg itself.
        arrange_fds({devnull.get(), log_fd_, log_fd_, tree_fd.get(), spec_pipe.read.get(), program.script_fd, exe.get()}, 0);
        ::fcntl(6, F_SETFD, FD_CLOEXEC);
        char arg0[] = "debimg", arg1[] = "__sandbox";
        char* argv[] = {arg0, arg1, nullptr};
        char* envp[] = {nullptr};
        ::syscall(SYS_execveat, 6, "", argv, envp, AT_EMPTY_PATH);
        ::_exit(kSetupFailed);
      }
      ::_exit(wait_status(init));
    }, true);
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    throw Error(std::string("sandbox: ") + e.what());
  }
}

int sandbox_helper_main() {
  const nlohmann::json spec = nlohmann::json::parse(read_until_eof(4), nullptr, false);
  if (spec.is_discarded() || !spec.contains("argv")) setup_failed("no instructions on fd 4");
  const auto argv = spec["argv"].get<std::vector<std::string>>();
  const auto env = spec["env"].get<std::vector<std::string>>();
  const std::string cwd = spec["cwd"], hostname = spec["hostname"];
  const bool script = spec["script"];
  if (argv.empty()) setup_failed("no program to run");
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) setup_failed("cannot make the mounts private: " + errno_text(errno));
  mount_filesystems(3);
  enter_tree(3);
  ::close(3);
  ::close(4);
  if (::sethostname(hostname.data(), hostname.size()) != 0) setup_failed("cannot set the host name: " + errno_text(errno));
  loopback_up();
  ::umask(022);
  drop_privileges();
  // The second wall, as without namespaces (fake_root_run.h): the program
  // reaches nothing but its root, opens no UNIX socket, and cannot trace,
  // unshare or mount. Its network is the sandbox's own, loopback only
  // (postgresql-common's pg_createcluster binds a port to find a free one).
  ConfinementSpec walls;
  walls.read_write = {"/"};
  walls.deny_unix = true;
  walls.own_network = true;
  walls.drop_capabilities = false;  // the namespace's own, which the scripts need (chown, mknod)
  std::optional<PreparedConfinement> confinement;
  if (landlock_abi() > 0) confinement.emplace(walls);
  const pid_t program = ::fork();
  if (program < 0) setup_failed("fork: " + errno_text(errno));
  if (program == 0) {
    // A session of its own: no controlling terminal, so nothing in the tree can
    // open the caller's terminal (/dev/tty) or push keystrokes into it.
    ::setsid();
    if (::chdir(cwd.c_str()) != 0 && ::chdir("/") != 0) ::_exit(127);
    if (confinement)
      if (const ConfinementFailure failed = confinement->apply()) {
        failed.write_line(2);
        ::_exit(kSetupFailed);
      }
    if (script) ::dup2(5, 3);
    ::close_range(script ? 4 : 3, ~0U, 0);
    std::vector<char*> a = c_strings(argv), e = c_strings(env);
    ::execve(a[0], a.data(), e.data());
    std::fprintf(stderr, "cannot run %s: %s\n", a[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(5);
  // PID 1: reap everything; the program's status is the sandbox's.
  int status = 0, result = kSetupFailed;
  for (pid_t pid; (pid = ::wait(&status)) != -1 || errno == EINTR;)
    if (pid == program) {
      result = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
      break;
    }
  // Whatever it left running (a daemon a script started) goes now.
  ::kill(-1, SIGKILL);
  while (::wait(nullptr) != -1 || errno == EINTR) {
  }
  return result;
}

}  // namespace debimg
