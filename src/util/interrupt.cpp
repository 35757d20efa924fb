#include "util/interrupt.h"

#include <signal.h>

#include <atomic>

namespace debimg {

namespace {
std::atomic<bool> flag{false};
void on_signal(int) { flag = true; }
}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking calls return EINTR and get to look at the flag
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
}

bool interrupted() { return flag; }

void check_interrupted() {
  if (flag) throw Interrupted();
}

}  // namespace debimg
