#pragma once
// Progress of `dpkg --configure` in the sandbox, read from the log it
// writes: each "Setting up NAME (VERSION) ..." line is one package more.
// A small forked process polls the log while dpkg runs and reports; a
// thread would make the sandbox's own fork unsafe (locks held by it at
// fork time stay held in the child).
#include <sys/types.h>

#include <functional>
#include <string>

namespace debimg {

class SetupProgress {
 public:
  using Report = std::function<void(size_t done, size_t total, const std::string& package)>;
  // Watches `log_fd` from offset `since`; `done` packages are configured already.
  // Without `report`, nothing is watched.
  SetupProgress(int log_fd, off_t since, size_t done, size_t total, Report report);
  SetupProgress(const SetupProgress&) = delete;
  SetupProgress& operator=(const SetupProgress&) = delete;
  ~SetupProgress();  // stops the watcher

  // Stops the watcher and counts what the log holds now: packages configured so far.
  size_t finish();

 private:
  void stop();
  // Reads the log from offset_ to its end, calling `each` per package set up.
  void read_log(const std::function<void(const std::string&)>& each);
  int log_fd_;
  off_t offset_;
  size_t done_, total_;
  Report report_;
  std::string partial_;  // a line not yet ended
  pid_t watcher_ = -1;
};

}  // namespace debimg
