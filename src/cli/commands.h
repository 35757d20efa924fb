#pragma once
// One function per command; each returns the process exit code.
#include <string>
#include <vector>

#include "cli/output.h"

namespace debimg {

struct ProfileCommand {
  std::string profile;
};
int profile_command(const ProfileCommand& cmd, const Output& out);

}  // namespace debimg
