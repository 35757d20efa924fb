#pragma once
// gzip with every core: the input is cut into fixed blocks, each deflated on
// its own (primed with the 32 KiB of input before it, ending on a byte
// boundary), and the pieces joined into one valid gzip member. The bytes
// depend only on the input, never on the number of threads or their timing.
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <string>

namespace debimg {

class ParallelGzip {
 public:
  // `out` receives the compressed stream, in order.
  explicit ParallelGzip(std::function<void(const void*, size_t)> out, unsigned threads = 0, int level = 6);
  ParallelGzip(const ParallelGzip&) = delete;
  ParallelGzip& operator=(const ParallelGzip&) = delete;

  void write(const void* data, size_t size);
  void finish();  // the last block, then the CRC-32 and size trailer

 private:
  void submit(bool last);
  void drain(size_t keep);

  std::function<void(const void*, size_t)> out_;
  unsigned max_pending_;
  int level_;
  std::string block_, dictionary_;
  std::deque<std::future<std::string>> pending_;
  uint32_t crc_ = 0;
  uint64_t total_ = 0;
};

}  // namespace debimg
