#pragma once
// Runs a helper program and waits for it (no shell, arguments as given).
#include <string>
#include <vector>

namespace debimg {

// Returns the exit status (128+N for a signal); throws Error when it cannot
// start. With `quiet`, the child's stdout and stderr go to /dev/null.
int run_process(const std::vector<std::string>& argv, bool quiet = true);

}  // namespace debimg
