#pragma once
// Runs a helper program and waits for it (no shell, arguments as given).
#include <string>
#include <vector>

namespace debimg {

// Returns the exit status (128+N for a signal); throws Error when it cannot
// start. With `quiet`, the child's stdout and stderr go to /dev/null.
int run_process(const std::vector<std::string>& argv, bool quiet = true);

struct ProcessOutput {
  int status = 0;
  std::string out;  // stdout; stderr goes to /dev/null
};

// Runs `argv` with `input` on its stdin (secrets go this way, never in
// arguments) and collects its stdout. Throws Error when it cannot start
// (ENOENT included: callers name the missing program).
ProcessOutput run_process_with_input(const std::vector<std::string>& argv, const std::string& input);

}  // namespace debimg
