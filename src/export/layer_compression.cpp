#include "export/layer_compression.h"

#include <zstd.h>

#include <algorithm>
#include <thread>

#include "export/parallel_gzip.h"
#include "util/error.h"

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

struct CCtxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

// Level 3 (zstd's default). With one worker or more, libzstd's output is the
// same whatever their number; zero workers would give other bytes, so at
// least one is always asked for.
class ZstdCompressor : public LayerCompressor {
 public:
  explicit ZstdCompressor(Sink sink) : sink_(std::move(sink)), ctx_(ZSTD_createCCtx()), out_(ZSTD_CStreamOutSize(), '\0') {
    if (!ctx_) throw Error("zstd: cannot create a compression context");
    const int workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    check(ZSTD_CCtx_setParameter(ctx_.get(), ZSTD_c_compressionLevel, 3));
    check(ZSTD_CCtx_setParameter(ctx_.get(), ZSTD_c_nbWorkers, workers));
  }
  void write(const void* data, size_t size) override {
    ZSTD_inBuffer in{data, size, 0};
    while (in.pos < in.size) step(&in, ZSTD_e_continue);
  }
  void finish() override {
    ZSTD_inBuffer in{nullptr, 0, 0};
    while (step(&in, ZSTD_e_end) != 0) {
    }
  }

 private:
  static size_t check(size_t rc) {
    if (ZSTD_isError(rc)) throw Error(std::string("zstd: ") + ZSTD_getErrorName(rc));
    return rc;
  }
  size_t step(ZSTD_inBuffer* in, ZSTD_EndDirective mode) {
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    size_t left = check(ZSTD_compressStream2(ctx_.get(), &out, in, mode));
    if (out.pos) sink_(out_.data(), out.pos);
    return left;
  }

  Sink sink_;
  std::unique_ptr<ZSTD_CCtx, CCtxFree> ctx_;
  std::string out_;
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
