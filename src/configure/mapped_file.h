#pragma once
// A file read the way ldconfig sees it through mmap, without mapping it:
// bytes past the end read as zero up to the end of the last page, and a
// read beyond that fails (where ldconfig would fault) instead of crashing.
// Reads go through a few cached windows, so a large library costs only the
// pages its headers touch.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace debimg {

class MappedFile {
 public:
  MappedFile(int fd, uint64_t size);

  uint64_t size() const { return size_; }
  // The `n` bytes at `offset`; false when they reach past the mapping.
  bool read(uint64_t offset, void* out, size_t n);
  // The NUL-terminated string at `offset`; nullopt when it runs past the
  // mapping or is longer than `max_size`.
  std::optional<std::string> string_at(uint64_t offset, size_t max_size);

 private:
  struct Window {
    uint64_t start = UINT64_MAX;
    std::vector<char> bytes;
    uint64_t used = 0;  // last use, for eviction
  };
  const Window& window_for(uint64_t offset);

  int fd_;
  uint64_t size_, mapped_;
  std::vector<Window> windows_;
  uint64_t clock_ = 0;
};

}  // namespace debimg
