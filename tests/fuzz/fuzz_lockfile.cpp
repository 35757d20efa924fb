// libFuzzer target: a lockfile. Beyond not crashing, a lock that parses must
// serialize to a lock that parses again to the same bytes (debimg must read
// every lock it writes).
// An Error is a clean refusal; a crash, a sanitizer report or any other exception is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "lock/lockfile.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string once;
  try {
    once = debimg::serialize_lockfile(debimg::parse_lockfile(text, "fuzz.lock"));
  } catch (const debimg::Error&) {
    return 0;
  }
  try {
    if (debimg::serialize_lockfile(debimg::parse_lockfile(once, "reserialized.lock")) != once) {
      std::fprintf(stderr, "fuzz_lockfile: serialize(parse(lock)) is not stable:\n%s", once.c_str());
      std::abort();
    }
  } catch (const debimg::Error& e) {
    std::fprintf(stderr, "fuzz_lockfile: debimg cannot read a lock it wrote: %s\n%s", e.what(), once.c_str());
    std::abort();
  }
  return 0;
}
