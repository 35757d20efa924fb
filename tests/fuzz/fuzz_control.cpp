// libFuzzer target: a package's DEBIAN/control text, as unpack reads it from a .deb.
// An Error is a clean refusal; a crash, a sanitizer report or any other exception is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "unpack/control_file.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    debimg::ControlFile c = debimg::parse_control(text, "fuzz");
    (void)c.get("Package");
    for (const char* field : {"Replaces", "Provides", "Conflicts", "Breaks", "Depends", "Pre-Depends"}) (void)c.names(field);
  } catch (const debimg::Error&) {
  }
  return 0;
}
