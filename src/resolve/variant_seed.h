#pragma once
// Which packages a variant starts from, by their Essential flag and Priority:
// one rule for the resolver and for apt's extended_states in the image.
#include <string>

#include "profile/profile.h"

namespace debimg {

// The reason a package is a seed of `variant` ("Essential: yes",
// "Priority: required", ...), or "" when it is not one.
std::string seed_reason(Variant variant, const std::string& name, bool essential, const std::string& priority);

}  // namespace debimg
