#include "configure/user_namespace.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <string>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/subprocess.h"

namespace debimg {

namespace {

// Best effort: a child reporting its error must not fail while doing so.
void send_best_effort(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n <= 0 && errno != EINTR) return;
    if (n > 0) done += static_cast<size_t>(n);
  }
}


int wait_for(pid_t pid, bool interruptible = false) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
    if (interruptible && interrupted()) ::kill(pid, SIGKILL);  // its PID 1 dies with it (PDEATHSIG)
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

void write_maps(pid_t pid, const IdMap& map) {
  if (map.identity) {
    write_id_maps(pid, "0 0 4294967295\n", "0 0 4294967295\n");
    return;
  }
  auto args = [&](const char* tool, const IdRange& r) {
    return std::vector<std::string>{tool,
                                    std::to_string(pid),
                                    "0",
                                    std::to_string(r.outer_self),
                                    "1",
                                    "1",
                                    std::to_string(r.start),
                                    std::to_string(r.count)};
  };
  for (auto [tool, range] : {std::pair{"newuidmap", map.uid}, std::pair{"newgidmap", map.gid}}) {
    int rc = 0;
    try {
      rc = run_process(args(tool, range), false);
    } catch (const Error& e) {
      throw Error(std::string("cannot run ") + tool + " (install the uidmap package): " + e.what());
    }
    if (rc != 0)
      throw Error(std::string(tool) + " refused to map the ids of user " + map.user + " (exit " + std::to_string(rc) +
                  "); check its lines in /etc/subuid and /etc/subgid");
  }
}

}  // namespace

void write_id_maps(pid_t pid, const std::string& uid_map, const std::string& gid_map) {
  for (auto [file, content] : {std::pair{"uid_map", &uid_map}, std::pair{"gid_map", &gid_map}}) {
    const std::string path = "/proc/" + std::to_string(pid) + "/" + file;
    std::ofstream out(path);
    out << *content;
    out.close();
    if (!out) throw Error("cannot write " + path + ": " + errno_text(errno));
  }
}

void die_with_parent(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(1);  // it died before the signal was armed
}

int fork_with_namespaces(int flags, const std::string& unshare_error, const std::function<void(pid_t)>& map_ids,
                         const std::function<void(const ChildFailure&)>& in_child, bool interruptible) {
  Pipe ready, go, errors;
  const pid_t self = ::getpid();
  pid_t child = ::fork();
  if (child < 0) throw Error("fork: " + errno_text(errno));
  if (child == 0) {
    // Every intermediate dies with its parent: kill -9 of debimg ends the build.
    die_with_parent(self);
    ready.read.reset();
    go.write.reset();
    errors.read.reset();
    const ChildFailure fail = [&](const std::string& message) {
      send_best_effort(errors.write.get(), message);
      ::_exit(125);
    };
    if (::unshare(flags) != 0) fail(unshare_error + " (" + errno_text(errno) + ")");
    send_best_effort(ready.write.get(), "r");
    ready.write.reset();
    char c;
    if (::read(go.read.get(), &c, 1) != 1) ::_exit(125);  // the parent failed to map ids and said so
    in_child(fail);
    ::_exit(0);
  }
  ready.write.reset();
  go.read.reset();
  errors.write.reset();
  char c;
  std::string failure;
  if (::read(ready.read.get(), &c, 1) == 1) {
    try {
      map_ids(child);
      send_best_effort(go.write.get(), "g");
    } catch (const Error& e) {
      failure = e.what();
    }
  }
  go.write.reset();
  int rc = wait_for(child, interruptible);
  if (interruptible && interrupted()) throw Interrupted();
  std::string message = read_until_eof(errors.read.get());
  if (!failure.empty()) throw Error(failure);
  if (!message.empty()) throw Error(message);
  return rc;
}

void run_in_namespace(const IdMap& map, const std::function<void()>& body, bool interruptible) {
  const pid_t self = ::getpid();
  const std::string refused =
      "cannot create a user namespace; user namespaces must be enabled (sysctl kernel.unprivileged_userns_clone=1; "
      "inside a chroot the kernel refuses them: enter the root with pivot_root; in a container seccomp and AppArmor "
      "must allow unshare: in Kubernetes, securityContext.seccompProfile Unconfined, see examples/kubernetes)";
  int rc = fork_with_namespaces(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID, refused,
                                [&](pid_t child) { write_maps(child, map); }, [&](const ChildFailure& fail) {
    if (::setresgid(0, 0, 0) != 0 || ::setresuid(0, 0, 0) != 0) fail("cannot become root in the user namespace: " + errno_text(errno));
    die_with_parent(self);  // changing ids cleared the death signal
    pid_t init = ::fork();
    if (init < 0) fail("fork: " + errno_text(errno));
    if (init == 0) {
      // The whole namespace goes when its parent is killed (seen from PID 1, the parent's pid is 0).
      die_with_parent(0);
      ::umask(022);  // what scripts create must not depend on the caller's umask
      try {
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
          throw Error("cannot make the mounts private: " + errno_text(errno));
        // /proc of this PID namespace, so /proc/PID names the processes debimg forks here (the sandbox's id maps).
        if (::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0)
          throw Error("cannot mount /proc for debimg's PID namespace (" + errno_text(errno) +
                      "); in a container, the host's /proc must not be partly masked (Kubernetes: procMount Unmasked)");
        body();
      } catch (const std::exception& e) {
        fail(e.what());
      }
      ::_exit(0);
    }
    ::_exit(wait_for(init));
  }, interruptible);
  if (rc != 0) throw Error("the user-namespace process ended with status " + std::to_string(rc));
}

}  // namespace debimg
