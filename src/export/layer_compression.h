#pragma once
// The compressed stream of a layer: gzip on every core (parallel_gzip.h), or
// zstd with libzstd's own workers. Both give bytes that depend only on the
// input, never on the number of cores.
#include <functional>
#include <memory>
#include <string>

#include "profile/profile.h"

namespace debimg {

class LayerCompressor {
 public:
  using Sink = std::function<void(const void*, size_t)>;
  virtual ~LayerCompressor() = default;
  virtual void write(const void* data, size_t size) = 0;
  virtual void finish() = 0;  // flushes the end of the stream into the sink
};

std::unique_ptr<LayerCompressor> make_layer_compressor(Compression compression, LayerCompressor::Sink sink);

// "application/vnd.oci.image.layer.v1.tar+gzip" or "…tar+zstd".
std::string layer_media_type(Compression compression);

}  // namespace debimg
