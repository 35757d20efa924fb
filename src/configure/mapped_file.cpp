#include "configure/mapped_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace debimg {

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kWindowSize = kPage;
constexpr size_t kWindows = 16;

}  // namespace

MappedFile::MappedFile(int fd, uint64_t size)
    : fd_(fd), size_(size), mapped_((size + kPage - 1) / kPage * kPage), windows_(kWindows) {}

const MappedFile::Window& MappedFile::window_for(uint64_t offset) {
  const uint64_t start = offset / kWindowSize * kWindowSize;
  Window* victim = &windows_[0];
  for (Window& w : windows_) {
    if (w.start == start) {
      w.used = ++clock_;
      return w;
    }
    if (w.used < victim->used) victim = &w;
  }
  // Bytes past the end of the file stay zero, as in the last page of a mapping.
  victim->start = start;
  victim->used = ++clock_;
  victim->bytes.assign(kWindowSize, '\0');
  const uint64_t want = std::min(kWindowSize, size_ > start ? size_ - start : 0);
  uint64_t got = 0;
  while (got < want) {
    const ssize_t n = ::pread(fd_, victim->bytes.data() + got, want - got, static_cast<off_t>(start + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // shrunk while read: the rest reads as zero
    got += static_cast<uint64_t>(n);
  }
  return *victim;
}

bool MappedFile::read(uint64_t offset, void* out, size_t n) {
  if (offset > mapped_ || n > mapped_ - offset) return false;
  auto* dst = static_cast<char*>(out);
  while (n > 0) {
    const Window& w = window_for(offset);
    const size_t in = static_cast<size_t>(std::min<uint64_t>(n, w.start + kWindowSize - offset));
    std::memcpy(dst, w.bytes.data() + (offset - w.start), in);
    dst += in;
    offset += in;
    n -= in;
  }
  return true;
}

std::optional<std::string> MappedFile::string_at(uint64_t offset, size_t max_size) {
  std::string out;
  while (offset < mapped_) {
    const Window& w = window_for(offset);
    const char* begin = w.bytes.data() + (offset - w.start);
    const size_t avail = static_cast<size_t>(std::min(w.start + kWindowSize, mapped_) - offset);
    const void* nul = std::memchr(begin, '\0', avail);
    if (nul) {
      out.append(begin, static_cast<const char*>(nul));
      return out.size() <= max_size ? std::optional(out) : std::nullopt;
    }
    out.append(begin, avail);
    if (out.size() > max_size) return std::nullopt;
    offset += avail;
  }
  return std::nullopt;
}

}  // namespace debimg
