#pragma once
// What keeps a program's processes from outliving a run in isolation none,
// where no PID namespace ends them all: a keeper process between debimg and
// the program. The keeper is a subreaper, so whatever the program leaves
// running (a daemon in a session of its own) becomes its child; when the
// program ends, or debimg goes away (killed with -9 as well: the keeper sees
// the pipe from it close), the keeper kills every process it holds, then ends.
#include <sys/types.h>

#include <functional>

#include "util/fd.h"

namespace debimg {

class RunKeeper {
 public:
  // Forks the keeper, which forks the program's process and calls
  // `start_program` there (it must exec or _exit).
  explicit RunKeeper(const std::function<void()>& start_program);
  ~RunKeeper();
  RunKeeper(const RunKeeper&) = delete;
  RunKeeper& operator=(const RunKeeper&) = delete;

  // The program's exit status (128+N for a signal), once every process it
  // left is gone. On an interrupt (util/interrupt.h) the keeper is told to
  // kill them all at once.
  int wait();

 private:
  pid_t keeper_ = -1;
  UniqueFd watch_;  // the write end: its close tells the keeper debimg is gone
};

}  // namespace debimg
