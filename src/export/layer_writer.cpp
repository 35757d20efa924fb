#include "export/layer_writer.h"

#include <unistd.h>
#include <zlib.h>

#include "export/rootfs_tar.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

namespace debimg {

namespace {

// zlib's deflate in gzip framing; its header carries no name and mtime 0,
// so the bytes depend on the input alone.
class GzipStream {
 public:
  GzipStream(int out_fd, Sha256& digest) : out_fd_(out_fd), digest_(digest) {
    if (deflateInit2(&z_, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw Error("zlib: cannot start gzip");
  }
  ~GzipStream() { deflateEnd(&z_); }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  void write(const void* data, size_t size, int flush = Z_NO_FLUSH) {
    z_.next_in = static_cast<Bytef*>(const_cast<void*>(data));
    z_.avail_in = static_cast<uInt>(size);
    do {
      z_.next_out = buffer_;
      z_.avail_out = sizeof buffer_;
      int rc = deflate(&z_, flush);
      if (rc == Z_STREAM_ERROR) throw Error("zlib: deflate failed");
      emit(buffer_, sizeof buffer_ - z_.avail_out);
    } while (z_.avail_out == 0 || (flush == Z_FINISH && z_.avail_in > 0));
  }
  void finish() { write(nullptr, 0, Z_FINISH); }
  uint64_t size() const { return written_; }

 private:
  void emit(const unsigned char* p, size_t n) {
    digest_.update(p, n);
    written_ += n;
    while (n > 0) {
      ssize_t w = ::write(out_fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) throw Error("cannot write the layer: " + errno_text(errno));
      p += w;
      n -= static_cast<size_t>(w);
    }
  }
  int out_fd_;
  Sha256& digest_;
  z_stream z_{};
  unsigned char buffer_[1 << 16];
  uint64_t written_ = 0;
};

}  // namespace

LayerBlob write_layer(int root_fd, const FileTable& table, int64_t source_date_epoch, int out_fd) {
  Sha256 diff, blob;
  GzipStream gz(out_fd, blob);
  TarOptions options;
  options.prefix = "";
  options.include_root = false;
  options.clamp_mtime = source_date_epoch;
  write_tree_tar(root_fd, table, options, [&](const void* data, size_t size) {
    diff.update(data, size);
    gz.write(data, size);
  });
  gz.finish();
  return LayerBlob{"sha256:" + blob.hex(), "sha256:" + diff.hex(), gz.size()};
}

}  // namespace debimg
