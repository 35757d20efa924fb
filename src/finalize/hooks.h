#pragma once
// Stage hooks from the profile: a path or {run: "<shell>", chroot: true|false}.
//  - A hook of the profile (a path relative to it, or chroot: false) is the
//    profile author's code: it runs on the host side, as debimg runs, with
//    the tree as $1 and $DEBIMG_ROOT (mmdebstrap's convention).
//  - chroot: true, and every hook shipped with debimg, run in the sandbox
//    (configure/sandbox.h) with $1 = / (setup hooks run before the tree has
//    a shell, on the host side).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "configure/sandbox.h"
#include "profile/profile.h"

namespace debimg {

struct HookContext {
  const Sandbox* sandbox = nullptr;  // the tree, the ids, the log
  const Profile* profile = nullptr;
  std::string suite, architecture;
  int64_t source_date_epoch = 0;
  std::string log_name;
};

// Throws Error naming the hook, its stage and its exit status on failure.
void run_hooks(const std::string& stage, const std::vector<Hook>& hooks, const HookContext& context);

}  // namespace debimg
