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

struct Pipe {
  UniqueFd read, write;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error("pipe: " + errno_text(errno));
    read.reset(fds[0]);
    write.reset(fds[1]);
  }
};

// Best effort: a child reporting its error must not fail while doing so.
void send_best_effort(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n <= 0 && errno != EINTR) return;
    if (n > 0) done += static_cast<size_t>(n);
  }
}

std::string read_all(int fd) {
  std::string out;
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
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

void write_proc(pid_t pid, const std::string& file, const std::string& content) {
  std::ofstream out("/proc/" + std::to_string(pid) + "/" + file);
  out << content;
  out.close();
  if (!out) throw Error("cannot write /proc/" + std::to_string(pid) + "/" + file);
}

void write_maps(pid_t pid, const IdMap& map) {
  if (map.identity) {
    write_proc(pid, "uid_map", "0 0 4294967295\n");
    write_proc(pid, "gid_map", "0 0 4294967295\n");
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

void run_in_namespace(const IdMap& map, const std::function<void()>& body, bool interruptible) {
  Pipe ready, go, errors;
  pid_t child = ::fork();
  if (child < 0) throw Error("fork: " + errno_text(errno));
  if (child == 0) {
    // Outer child: make the namespaces, wait for the id maps, fork PID 1.
    ready.read.reset();
    go.write.reset();
    errors.read.reset();
    auto die = [&](const std::string& message) {
      send_best_effort(errors.write.get(), message);
      ::_exit(1);
    };
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) != 0)
      die("cannot create a user namespace (" + errno_text(errno) +
          "); user namespaces must be enabled (sysctl kernel.unprivileged_userns_clone=1, or in a container "
          "seccomp and AppArmor must allow unshare: in Kubernetes, securityContext.seccompProfile Unconfined, "
          "see examples/kubernetes)");
    send_best_effort(ready.write.get(), "r");
    ready.write.reset();
    char c;
    if (::read(go.read.get(), &c, 1) != 1) ::_exit(1);  // the parent failed to map ids and said so
    if (::setresgid(0, 0, 0) != 0 || ::setresuid(0, 0, 0) != 0) die("cannot become root in the user namespace: " + errno_text(errno));
    pid_t init = ::fork();
    if (init < 0) die("fork: " + errno_text(errno));
    if (init == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the whole namespace goes when its parent is killed
      ::umask(022);  // what scripts create must not depend on the caller's umask
      try {
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
          throw Error("cannot make the mounts private: " + errno_text(errno));
        body();
      } catch (const std::exception& e) {
        die(e.what());
      }
      ::_exit(0);
    }
    ::_exit(wait_for(init));
  }
  ready.write.reset();
  go.read.reset();
  errors.write.reset();
  char c;
  std::string failure;
  if (::read(ready.read.get(), &c, 1) == 1) {
    try {
      write_maps(child, map);
      send_best_effort(go.write.get(), "g");
    } catch (const Error& e) {
      failure = e.what();
    }
  }
  go.write.reset();
  int rc = wait_for(child, interruptible);
  if (interruptible && interrupted()) throw Interrupted();
  std::string message = read_all(errors.read.get());
  if (!failure.empty()) throw Error(failure);
  if (!message.empty()) throw Error(message);
  if (rc != 0) throw Error("the user-namespace process ended with status " + std::to_string(rc));
}

}  // namespace debimg
