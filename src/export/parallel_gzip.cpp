#include "export/parallel_gzip.h"

#include <zlib.h>

#include <thread>

#include "util/error.h"

namespace debimg {

namespace {

constexpr size_t kBlock = 1u << 20;
constexpr size_t kWindow = 32u << 10;

// Raw deflate of one block; a sync flush ends non-last blocks on a byte
// boundary so that the pieces concatenate into one deflate stream.
std::string deflate_block(const std::string& input, const std::string& dictionary, bool last, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw Error("zlib: cannot start deflate");
  if (!dictionary.empty())
    deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dictionary.data()), static_cast<uInt>(dictionary.size()));
  std::string out(deflateBound(&z, input.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = static_cast<uInt>(input.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
  size_t produced = out.size() - z.avail_out;
  deflateEnd(&z);
  if ((last && rc != Z_STREAM_END) || (!last && rc != Z_OK)) throw Error("zlib: deflate failed");
  out.resize(produced);
  return out;
}

}  // namespace

ParallelGzip::ParallelGzip(std::function<void(const void*, size_t)> out, unsigned threads, int level)
    : out_(std::move(out)),
      max_pending_(std::max(2u, threads ? threads : std::thread::hardware_concurrency()) + 1),
      level_(level) {
  static const unsigned char header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};  // no name, no mtime
  out_(header, sizeof header);
  crc_ = static_cast<uint32_t>(crc32(0, nullptr, 0));
  block_.reserve(kBlock);
}

void ParallelGzip::write(const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  crc_ = static_cast<uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(p), static_cast<uInt>(size)));
  total_ += size;
  while (size > 0) {
    size_t take = std::min(size, kBlock - block_.size());
    block_.append(p, take);
    p += take;
    size -= take;
    if (block_.size() == kBlock) submit(false);
  }
}

void ParallelGzip::submit(bool last) {
  std::string next_dictionary = block_.size() >= kWindow ? block_.substr(block_.size() - kWindow)
                                                         : (dictionary_ + block_).substr(
                                                               (dictionary_ + block_).size() > kWindow ? (dictionary_ + block_).size() - kWindow : 0);
  pending_.push_back(std::async(std::launch::async, deflate_block, std::move(block_), dictionary_, last, level_));
  dictionary_ = std::move(next_dictionary);
  block_.clear();
  block_.reserve(kBlock);
  drain(max_pending_);
}

void ParallelGzip::drain(size_t keep) {
  while (pending_.size() > keep) {
    std::string piece = pending_.front().get();
    pending_.pop_front();
    out_(piece.data(), piece.size());
  }
}

void ParallelGzip::finish() {
  submit(true);
  drain(0);
  unsigned char trailer[8];
  const uint32_t size = static_cast<uint32_t>(total_);
  for (int i = 0; i < 4; ++i) {
    trailer[i] = static_cast<unsigned char>(crc_ >> (8 * i));
    trailer[4 + i] = static_cast<unsigned char>(size >> (8 * i));
  }
  out_(trailer, sizeof trailer);
}

}  // namespace debimg
