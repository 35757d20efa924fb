#pragma once
// Where a hook named by path lives: relative to the profile (the profile
// author's code, run on the host side), else among the hooks shipped with
// debimg (run confined in the sandbox).
#include <filesystem>
#include <string>
#include <vector>

#include "profile/data_folders.h"
#include "profile/profile.h"

namespace debimg {

// Fills h.resolved and h.shipped; an empty string when found, else the
// reason (not found, not executable) for the parser's error.
std::string locate_hook(const Profile& profile, Hook& h);

}  // namespace debimg
