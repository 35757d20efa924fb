#pragma once
// SIGINT and SIGTERM become a flag that long-running work polls, so that an
// interrupted run unwinds normally: temporaries removed, outputs untouched.
#include "util/error.h"

namespace debimg {

class Interrupted : public Error {
 public:
  Interrupted() : Error("interrupted") {}
};

void install_interrupt_handlers();
bool interrupted();
// Throws Interrupted once a signal has arrived.
void check_interrupted();

}  // namespace debimg
