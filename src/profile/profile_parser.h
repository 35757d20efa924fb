#pragma once
// YAML profile → Profile, strictly: unknown keys, wrong types, missing fields
// and broken cross-field rules are InputErrors naming file:line:col and field.
#include <filesystem>
#include <string>

#include "profile/profile.h"

namespace debimg {

// `text` is the YAML; `file` names it in errors and anchors relative paths.
// `host_architecture` fills `architectures` when the profile leaves it out.
Profile parse_profile(const std::filesystem::path& file, const std::string& text,
                      const std::string& host_architecture);

}  // namespace debimg

namespace debimg {
// Reads and parses a profile file; the host's architecture fills `architectures`.
Profile load_profile(const std::filesystem::path& file, const std::string& host_architecture);
}  // namespace debimg
