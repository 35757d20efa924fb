#pragma once
// Stage hooks from the profile: a path (relative to the profile, or shipped
// in /usr/share/debimg/hooks) run outside the tree with the tree as $1, or
// {run: "<shell>", chroot: true|false}. Run as root of debimg's namespace.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "profile/profile.h"

namespace debimg {

struct HookContext {
  std::filesystem::path root;
  const Profile* profile = nullptr;
  std::string suite, architecture;
  int64_t source_date_epoch = 0;
  int log_fd = -1;
  std::string log_name;
};

// Throws Error naming the hook, its stage and its exit status on failure.
void run_hooks(const std::string& stage, const std::vector<Hook>& hooks, const HookContext& context);

}  // namespace debimg
