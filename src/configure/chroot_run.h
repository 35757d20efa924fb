#pragma once
// Runs one program on the host side (a host-side hook), with a given
// environment, its output appended to a log; waits for it. What runs inside
// the tree goes through the sandbox (sandbox.h) instead.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace debimg {

// Returns the exit status (128+N for a signal).
int run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env, int log_fd,
                const std::filesystem::path& cwd = "/");

// The environment maintainer scripts get from dpkg in a chroot (DPKG_ROOT empty,
// noninteractive debconf, C.UTF-8), plus `extra`.
std::vector<std::string> script_environment(const std::vector<std::string>& extra = {});

// The log's end: what a program about to run will write starts there.
off_t log_end(int log_fd);

// The last lines the log got since `since` (log_end before the program ran:
// the failing program's own words, not its predecessors'), as one line;
// control characters as \xNN (the scripts wrote it: no escape sequence reaches a terminal).
std::string log_tail(int log_fd, off_t since = 0);

// Why `dpkg --configure`, which wrote the log since `since`, failed: dpkg
// carries on past a failing package and ends with a summary, so its tail
// says little. The first package's error instead ("installed P package
// post-installation script subprocess returned error exit status 1") and
// the lines the script printed before it (its own words, after dpkg's
// "Setting up P"), as one line like log_tail's; log_tail's when dpkg
// reported no package's error.
std::string dpkg_failure(int log_fd, off_t since);

}  // namespace debimg
