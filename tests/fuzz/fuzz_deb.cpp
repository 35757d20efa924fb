// libFuzzer target: a .deb, through read_deb as unpack uses it: every entry's
// data read, DEBIAN/control parsed. Read twice: straight, and with a data tap
// (the layer cache's path through the reader).
// An Error is a clean refusal; a crash, a sanitizer report or any other exception is a finding.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "unpack/control_file.h"
#include "unpack/deb_reader.h"
#include "util/error.h"

namespace {

// The input as a file read_deb can open, in memory.
int input_fd() {
  static const int fd = [] {
    int f = memfd_create("fuzz.deb", 0);
    if (f < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    return f;
  }();
  return fd;
}

void read_once(const std::string& path, bool tap) {
  constexpr size_t kLimit = 1 << 20;
  debimg::DebReadOptions options;
  size_t tapped = 0;
  if (tap) options.data_tap = [&](const void*, size_t n) { tapped += n; };
  try {
    debimg::read_deb(path, "fuzz", [&](debimg::DebMember member, const debimg::TarEntry& e, debimg::EntryData& data) {
      if (member == debimg::DebMember::control && e.path == "control")
        (void)debimg::parse_control(data.read_all(kLimit), "fuzz");
      else if (e.type == debimg::EntryType::file)
        (void)data.read_all(kLimit);
    }, options);
  } catch (const debimg::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = input_fd();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) {
    std::perror("fuzz_deb: writing the memfd");
    std::abort();
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  read_once(path, false);
  read_once(path, true);
  return 0;
}
