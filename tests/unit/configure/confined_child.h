#pragma once
// What the confinement tests share: probes run in a forked child after
// PreparedConfinement::apply(), each outcome (the errno a call left, 0 when
// it worked) sent back through a pipe; small C programs compiled for a test
// (a static one ignores any LD_PRELOAD); Boost.Test preconditions that
// report a skip rather than pass when something is missing.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "configure/confinement.h"
#include "util/files.h"

namespace debimg::test {

// Probe name -> errno (0: it worked).
using Outcomes = std::map<std::string, int>;

// The outcome of a call returning -1 and errno on failure.
inline int outcome(long rc) { return rc < 0 ? errno : 0; }

// Opens `path` with `flags`, closes it again: the open's outcome.
inline int open_outcome(const std::filesystem::path& path, int flags, mode_t mode = 0644) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) return errno;
  ::close(fd);
  return 0;
}

// Runs `argv` in a child and waits: its exit status, 128+N for signal N, or
// 200+errno when execve failed. Its stderr goes to `errors` when given.
inline int run_program(const std::vector<std::string>& argv, std::string* errors = nullptr) {
  Pipe err;
  const pid_t child = ::fork();
  if (child < 0) return 200 + errno;
  if (child == 0) {
    if (errors) ::dup2(err.write.get(), 2);
    std::vector<char*> a;
    for (const std::string& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    char* envp[] = {nullptr};
    ::execve(a[0], a.data(), envp);
    ::_exit(200 + errno);
  }
  err.write.reset();
  if (errors) *errors = read_until_eof(err.read.get());
  int status = 0;
  if (::waitpid(child, &status, 0) != child) return 200 + errno;
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

// Applies `spec` in a forked child (after `before`, when given), runs the
// probes there and returns what they saw; "apply" holds apply()'s errno.
inline Outcomes confined(const ConfinementSpec& spec, const std::function<void(Outcomes&)>& probes,
                         const std::function<void()>& before = {}) {
  const PreparedConfinement confinement(spec);
  Pipe pipe;
  const pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    pipe.read.reset();
    Outcomes seen;
    try {
      if (before) before();
      const ConfinementFailure failure = confinement.apply();
      seen["apply"] = failure.error;
      if (!failure) probes(seen);
    } catch (...) {
      ::_exit(99);
    }
    std::string text;
    for (const auto& [name, error] : seen) text += name + "\t" + std::to_string(error) + "\n";
    const bool sent = ::write(pipe.write.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::_exit(sent ? 0 : 98);
  }
  pipe.write.reset();
  const std::string text = read_until_eof(pipe.read.get());
  int status = 0;
  BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
  BOOST_REQUIRE_MESSAGE(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the confined child failed: status " << status);
  Outcomes seen;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const auto tab = line.find('\t');
    seen[line.substr(0, tab)] = std::stoi(line.substr(tab + 1));
  }
  BOOST_REQUIRE_MESSAGE(seen.count("apply") && seen["apply"] == 0, "apply() failed: " << std::strerror(seen["apply"]));
  return seen;
}

inline std::string errno_name(int error) {
  if (error == 0) return "success";
  const char* name = ::strerrorname_np(error);
  return name ? name : "errno " + std::to_string(error);
}

// The probe's outcome is `error` (0: it worked).
inline void expect(const Outcomes& seen, const std::string& probe, int error) {
  const auto it = seen.find(probe);
  BOOST_REQUIRE_MESSAGE(it != seen.end(), "no outcome for " << probe);
  const std::string got = errno_name(it->second), wanted = errno_name(error);
  BOOST_CHECK_MESSAGE(got == wanted, probe << ": " << got << ", expected " << wanted);
}

// Compiles `source` (C) with `flags` into `dir`/`name`; empty when the
// compiler cannot (no gcc, no static libc, no 32-bit support).
inline std::filesystem::path compile_c(const std::filesystem::path& dir, const std::string& name,
                                       const std::string& source, const std::string& flags) {
  const std::filesystem::path c = dir / (name + ".c"), out = dir / name;
  write_file_atomic(c, source);
  const std::string command = "gcc " + flags + " -o '" + out.string() + "' '" + c.string() + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0 || !std::filesystem::exists(out)) return {};
  return out;
}

// A test precondition: met when `met()` holds, else a skip saying `why`.
struct needs {
  std::function<bool()> met;
  const char* why;
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result result(met());
    if (!result) result.message() << why;
    return result;
  }
};

// A test precondition: the kernel's Landlock ABI is at least `abi`.
struct landlock_at_least {
  int abi;
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result result(landlock_abi() >= abi);
    if (!result) result.message() << "needs Landlock ABI " << abi << ", this kernel has " << landlock_abi();
    return result;
  }
};

}  // namespace debimg::test
