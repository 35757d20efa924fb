#include "export/layer_writer.h"

#include <unistd.h>

#include "export/parallel_gzip.h"
#include "export/rootfs_tar.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

namespace debimg {

LayerBlob write_layer(int root_fd, const FileTable& table, int64_t source_date_epoch, int out_fd) {
  Sha256 diff, blob;
  uint64_t compressed = 0;
  ParallelGzip gz([&](const void* data, size_t size) {
    blob.update(data, size);
    compressed += size;
    write_all(out_fd, data, size, "the layer");
  });
  TarOptions options;
  options.prefix = "";
  options.include_root = false;
  options.clamp_mtime = source_date_epoch;
  write_tree_tar(root_fd, table, options, [&](const void* data, size_t size) {
    diff.update(data, size);
    gz.write(data, size);
  });
  gz.finish();
  return LayerBlob{"sha256:" + blob.hex(), "sha256:" + diff.hex(), compressed};
}

}  // namespace debimg
