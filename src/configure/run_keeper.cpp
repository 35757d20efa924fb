#include "configure/run_keeper.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "configure/user_namespace.h"
#include "util/error.h"
#include "util/interrupt.h"

namespace debimg {

namespace {

constexpr int kKeeperFailed = 125;

int status_code(int status) { return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status); }

// The keeper is a fork of a process that may have had threads: from here on
// only system calls, no allocation.
size_t own_children(pid_t* out, size_t max) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/children", static_cast<int>(::gettid()));
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[4096];
  const ssize_t len = ::read(fd, buf, sizeof buf);
  ::close(fd);
  size_t n = 0;
  pid_t pid = 0;
  for (ssize_t i = 0; i < len && n < max; ++i) {
    if (buf[i] >= '0' && buf[i] <= '9') {
      pid = pid * 10 + (buf[i] - '0');
    } else if (pid > 0) {
      out[n++] = pid;
      pid = 0;
    }
  }
  return n;
}

void kill_every_child() {
  for (int round = 0; round < 1000; ++round) {
    pid_t pids[512];
    const size_t n = own_children(pids, 512);
    if (n == 0) return;
    for (size_t i = 0; i < n; ++i) ::kill(pids[i], SIGKILL);
    for (size_t i = 0; i < n; ++i) ::waitpid(pids[i], nullptr, 0);
  }
}

void on_child_signal(int) {}

// Reaps what ends until the program does (its status) or the watch pipe
// closes (-1); SIGCHLD, blocked outside ppoll, wakes it.
int keep_until_done(pid_t program, int watch_fd, const sigset_t& wait_mask) {
  for (;;) {
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;)
      if (pid == program) return status_code(status);
    pollfd watch{watch_fd, POLLIN, 0};
    if (::ppoll(&watch, 1, nullptr, &wait_mask) > 0 && watch.revents != 0) return -1;
  }
}

[[noreturn]] void keeper_main(int watch_fd, const std::function<void()>& start_program) {
  ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  struct sigaction action {};
  action.sa_handler = on_child_signal;
  ::sigaction(SIGCHLD, &action, nullptr);
  sigset_t chld, wait_mask;
  ::sigemptyset(&chld);
  ::sigaddset(&chld, SIGCHLD);
  ::sigprocmask(SIG_BLOCK, &chld, &wait_mask);
  ::sigdelset(&wait_mask, SIGCHLD);
  const pid_t self = ::getpid();
  const pid_t program = ::fork();
  if (program < 0) ::_exit(kKeeperFailed);
  if (program == 0) {
    ::close(watch_fd);
    ::sigprocmask(SIG_UNBLOCK, &chld, nullptr);
    ::signal(SIGCHLD, SIG_DFL);
    die_with_parent(self);
    start_program();
    ::_exit(127);
  }
  const int rc = keep_until_done(program, watch_fd, wait_mask);
  kill_every_child();
  ::_exit(rc < 0 ? kKeeperFailed : rc);
}

}  // namespace

RunKeeper::RunKeeper(const std::function<void()>& start_program) {
  Pipe watch;
  keeper_ = ::fork();
  if (keeper_ < 0) throw Error("fork: " + errno_text(errno));
  if (keeper_ == 0) {
    watch.write.reset();
    keeper_main(watch.read.get(), start_program);
  }
  watch_ = std::move(watch.write);
}

RunKeeper::~RunKeeper() {
  if (keeper_ > 0) {
    watch_.reset();
    ::waitpid(keeper_, nullptr, 0);
  }
}

int RunKeeper::wait() {
  int status = 0;
  while (::waitpid(keeper_, &status, 0) < 0) {
    if (errno != EINTR) return kKeeperFailed;
    if (interrupted()) watch_.reset();  // the keeper kills them all, then ends
  }
  keeper_ = -1;
  return status_code(status);
}

}  // namespace debimg
