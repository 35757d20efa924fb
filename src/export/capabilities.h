#pragma once
// File capabilities as layers carry them: security.capability
// in v2 form, without the v3 root id a user namespace adds.
#include <string>

namespace debimg {

// A v3 value (magic 0x03000000, 24 bytes) becomes the equivalent v2 value
// (magic 0x02000000, 20 bytes); anything else is returned unchanged.
std::string capability_v2(const std::string& value);

}  // namespace debimg
