#pragma once
// The profile as canonical JSON (keys sorted, defaults filled), and the digest
// of the part that decides the package closure — what makes a lock stale.
#include <nlohmann/json.hpp>
#include <string>

#include "profile/profile.h"

namespace debimg {

// Everything the profile says, defaults filled; host-derived values (default
// URIs and keyrings) are left out, so the result is the same on every host.
nlohmann::json canonical_json(const Profile& profile);

// The resolution inputs only: sources, architectures, variant, packages,
// exclude, local-debs, merged-usr. Changing image settings or hooks does not
// make a lock stale; changing any of these does.
nlohmann::json resolution_inputs(const Profile& profile);

// "sha256:<hex>" of resolution_inputs() serialised without whitespace.
std::string inputs_digest(const Profile& profile);

}  // namespace debimg
