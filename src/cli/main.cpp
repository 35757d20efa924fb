#include <cstring>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "configure/sandbox.h"

namespace {

// A --creds value stays out of /proc/PID/cmdline (ps) from here on: debimg
// works on a copy and blanks the original. (--creds-stdin avoids even the moment before.)
std::vector<std::string> copy_and_scrub(int argc, char** argv) {
  std::vector<std::string> copy(argv, argv + argc);
  for (int i = 1; i < argc; ++i) {
    char* value = nullptr;
    if (std::strcmp(argv[i], "--creds") == 0 && i + 1 < argc) value = argv[i + 1];
    else if (std::strncmp(argv[i], "--creds=", 8) == 0) value = argv[i] + 8;
    if (value) std::memset(value, 'x', std::strlen(value));
  }
  return copy;
}

}  // namespace

int main(int argc, char** argv) {
  // The sandbox's PID 1 is debimg itself, re-executed with a clean argv (configure/sandbox.h).
  if (argc == 2 && std::strcmp(argv[1], debimg::kSandboxHelperArg) == 0) return debimg::sandbox_helper_main();
  std::vector<std::string> args = copy_and_scrub(argc, argv);
  std::vector<char*> pointers;
  for (auto& a : args) pointers.push_back(a.data());
  pointers.push_back(nullptr);
  return debimg::run_cli(argc, pointers.data());
}
