#include "export/layer_writer.h"

#include "export/layer_compression.h"
#include "util/files.h"
#include "util/sha256.h"

namespace debimg {

TarOptions layer_tar_options(int64_t source_date_epoch) {
  TarOptions options;
  options.prefix = "";
  options.include_root = false;
  options.clamp_mtime = source_date_epoch;
  return options;
}

LayerBlob write_layer(int root_fd, const FileTable& table, const TarOptions& options, Compression compression,
                      int out_fd) {
  Sha256 diff, blob;
  uint64_t compressed = 0;
  auto compressor = make_layer_compressor(compression, [&](const void* data, size_t size) {
    blob.update(data, size);
    compressed += size;
    write_all(out_fd, data, size, "the layer");
  });
  write_tree_tar(root_fd, table, options, [&](const void* data, size_t size) {
    diff.update(data, size);
    compressor->write(data, size);
  });
  compressor->finish();
  LayerBlob out;
  out.digest = "sha256:" + blob.hex();
  out.diff_id = "sha256:" + diff.hex();
  out.size = compressed;
  out.media_type = layer_media_type(compression);
  return out;
}

}  // namespace debimg
