// libFuzzer target: the text of a Release / InRelease (after signature checking, which
// `trusted: true` skips, so the parser sees whatever a mirror serves).
// An Error is a clean refusal; a crash, a sanitizer report or any other exception is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "repo/release_file.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)debimg::parse_release(text, "fuzz");
  } catch (const debimg::Error&) {
  }
  return 0;
}
