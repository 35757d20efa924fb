#pragma once
// A zstd compression stream (libzstd) into a sink.
#include <zstd.h>

#include <functional>
#include <memory>
#include <string>

namespace debimg {

class ZstdStream {
 public:
  using Sink = std::function<void(const void*, size_t)>;
  // `workers` 0: compress on the calling thread. With one worker or more,
  // libzstd's output is the same whatever their number (but not the same as
  // with none).
  ZstdStream(Sink sink, int level, int workers);
  void write(const void* data, size_t size);
  void finish();  // the end of the frame

 private:
  struct CCtxFree {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
  };
  size_t step(ZSTD_inBuffer* in, ZSTD_EndDirective mode);

  Sink sink_;
  std::unique_ptr<ZSTD_CCtx, CCtxFree> ctx_;
  std::string out_;
};

}  // namespace debimg
