#pragma once
// The profile's `accounts:`, created the Debian way: the image's own
// groupadd and useradd, in the sandbox, so passwd, group, shadow and gshadow agree
// and homes come from /etc/skel, owned by their user. Ids are the profile's;
// shadow's dates are clamped later with everything else (determinism.h).
#include <filesystem>
#include <string>

#include "configure/sandbox.h"
#include "profile/profile.h"

namespace debimg {

// Runs as root of debimg's namespace, after configuring. Throws Error naming
// the account when a tool fails, or when the image has no useradd.
void create_accounts(const Accounts& accounts, const Sandbox& sandbox, const std::string& log_name);

}  // namespace debimg
