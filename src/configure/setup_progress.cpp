#include "configure/setup_progress.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "configure/user_namespace.h"
#include "validate/identifiers.h"

namespace debimg {

SetupProgress::SetupProgress(int log_fd, off_t since, size_t done, size_t total, Report report)
    : log_fd_(log_fd), offset_(since), done_(done), total_(total), report_(std::move(report)) {
  if (!report_) return;
  const pid_t parent = ::getpid();
  watcher_ = ::fork();
  if (watcher_ != 0) return;  // the parent, or fork failed: no progress, no harm
  die_with_parent(parent);
  while (true) {
    read_log([&](const std::string& package) { report_(std::min(++done_, total_), total_, package); });
    ::usleep(200 * 1000);
  }
}

SetupProgress::~SetupProgress() { stop(); }

void SetupProgress::stop() {
  if (watcher_ > 0) {
    ::kill(watcher_, SIGKILL);
    while (::waitpid(watcher_, nullptr, 0) < 0 && errno == EINTR) {
    }
    watcher_ = -1;
  }
}

size_t SetupProgress::finish() {
  stop();
  read_log([&](const std::string&) { ++done_; });
  return done_;
}

void SetupProgress::read_log(const std::function<void(const std::string&)>& each) {
  static const std::string kSettingUp = "Setting up ";
  char buffer[8192];
  ssize_t n;
  while ((n = ::pread(log_fd_, buffer, sizeof buffer, offset_)) > 0) {
    offset_ += n;
    partial_.append(buffer, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t end; (end = partial_.find('\n', start)) != std::string::npos; start = end + 1) {
      if (partial_.compare(start, kSettingUp.size(), kSettingUp) != 0) continue;
      const size_t name_end = partial_.find(' ', start + kSettingUp.size());
      if (name_end >= end) continue;
      // Scripts write to this log too: only a package name (or NAME:ARCH)
      // counts, so nothing else reaches the terminal.
      const std::string name = partial_.substr(start + kSettingUp.size(), name_end - start - kSettingUp.size());
      const size_t colon = name.find(':');
      if (is_package_name(name.substr(0, colon)) &&
          (colon == std::string::npos || is_architecture(std::string_view(name).substr(colon + 1))))
        each(name);
    }
    partial_.erase(0, start);
  }
}

}  // namespace debimg
