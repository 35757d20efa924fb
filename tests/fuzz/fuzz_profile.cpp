// libFuzzer target: a YAML profile (yaml-cpp, then debimg's strict field checks).
// Paths in the profile resolve below a directory that does not exist, so
// nothing on the host is looked at beyond fs::exists.
// An Error (InputError included) is a clean refusal; a crash, a sanitizer
// report or any other exception (a YAML:: one escaping, say) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "profile/profile_parser.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)debimg::parse_profile("/nonexistent/debimg-fuzz/profile.yaml", text, "amd64");
  } catch (const debimg::Error&) {
  }
  return 0;
}
