#pragma once
// DESIGN.md: a known key whose feature is not built yet is an error that
// says so, never silently ignored. The one list of such features.
#include "profile/profile.h"

namespace debimg {

// Throws InputError (naming the profile position) for the first setting
// that compose cannot honour yet.
void require_built_features(const Profile& profile);

}  // namespace debimg
