#include "util/zstd_stream.h"

#include "util/error.h"

namespace debimg {

namespace {

size_t check(size_t rc) {
  if (ZSTD_isError(rc)) throw Error(std::string("zstd: ") + ZSTD_getErrorName(rc));
  return rc;
}

}  // namespace

ZstdStream::ZstdStream(Sink sink, int level, int workers)
    : sink_(std::move(sink)), ctx_(ZSTD_createCCtx()), out_(ZSTD_CStreamOutSize(), '\0') {
  if (!ctx_) throw Error("zstd: cannot create a compression context");
  check(ZSTD_CCtx_setParameter(ctx_.get(), ZSTD_c_compressionLevel, level));
  if (workers > 0) check(ZSTD_CCtx_setParameter(ctx_.get(), ZSTD_c_nbWorkers, workers));
}

void ZstdStream::write(const void* data, size_t size) {
  ZSTD_inBuffer in{data, size, 0};
  while (in.pos < in.size) step(&in, ZSTD_e_continue);
}

void ZstdStream::finish() {
  ZSTD_inBuffer in{nullptr, 0, 0};
  while (step(&in, ZSTD_e_end) != 0) {
  }
}

size_t ZstdStream::step(ZSTD_inBuffer* in, ZSTD_EndDirective mode) {
  ZSTD_outBuffer out{out_.data(), out_.size(), 0};
  size_t left = check(ZSTD_compressStream2(ctx_.get(), &out, in, mode));
  if (out.pos) sink_(out_.data(), out.pos);
  return left;
}

}  // namespace debimg
