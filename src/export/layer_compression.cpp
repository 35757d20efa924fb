#include "export/layer_compression.h"

#include <algorithm>
#include <thread>

#include "export/parallel_gzip.h"
#include "util/zstd_stream.h"

namespace debimg {

namespace {

class GzipCompressor : public LayerCompressor {
 public:
  explicit GzipCompressor(Sink sink) : gzip_(std::move(sink)) {}
  void write(const void* data, size_t size) override { gzip_.write(data, size); }
  void finish() override { gzip_.finish(); }

 private:
  ParallelGzip gzip_;
};

// Level 3 (zstd's default), on every core: at least one worker, so that the
// bytes do not depend on how many (see ZstdStream).
class ZstdCompressor : public LayerCompressor {
 public:
  explicit ZstdCompressor(Sink sink)
      : zstd_(std::move(sink), 3, static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {}
  void write(const void* data, size_t size) override { zstd_.write(data, size); }
  void finish() override { zstd_.finish(); }

 private:
  ZstdStream zstd_;
};

}  // namespace

std::unique_ptr<LayerCompressor> make_layer_compressor(Compression compression, LayerCompressor::Sink sink) {
  if (compression == Compression::zstd) return std::make_unique<ZstdCompressor>(std::move(sink));
  return std::make_unique<GzipCompressor>(std::move(sink));
}

std::string layer_media_type(Compression compression) {
  return std::string("application/vnd.oci.image.layer.v1.tar+") + (compression == Compression::zstd ? "zstd" : "gzip");
}

}  // namespace debimg
