#pragma once
// One output strategy per format: where the tree is built (on disk for
// `dir`, on a tmpfs in the build namespace for the rest), what is written
// from the finished tree inside the namespace, and what is done after it
// (archiving a layout, the docker load script) before the output is committed.
#include <filesystem>
#include <memory>
#include <optional>

#include "compose/compose_events.h"
#include "compose/compose_request.h"
#include "compose/compose_result.h"
#include "configure/id_map.h"
#include "lock/lockfile.h"
#include "profile/profile.h"
#include "unpack/unpack_tree.h"
#include "cache/cache.h"

namespace debimg {

struct OutputSetup {
  OutputFormat format = OutputFormat::oci;
  std::filesystem::path output;  // the final path
  std::filesystem::path staged;  // its staged temporary (util/staged_output.h), file or folder
  const Cache* cache = nullptr;
  const Profile* profile = nullptr;
  const Lockfile* lock = nullptr;
  int64_t source_date_epoch = 0;
  bool no_layer_cache = false;
  ComposeEvents* events = nullptr;
};

class OutputStrategy {
 public:
  virtual ~OutputStrategy() = default;
  // dir: the tree is the output, unpacked in place (and inspectable with
  // --until unpack). The others build it on a tmpfs that vanishes with the namespace.
  virtual bool tree_in_memory() const { return true; }
  // In the namespace, right after unpacking, before any script runs.
  virtual void after_unpack(int /*root_fd*/, const UnpackedTree& /*unpacked*/) {}
  // In the namespace, from the finished tree: writes the output, or what
  // finish() turns into it. An image returns its digests and layers.
  virtual std::optional<ImageReport> write(int root_fd, FileTable final_table, const IdMap& ids) = 0;
  // In the namespace, when anything failed: leaves nothing that only the namespace could remove.
  virtual void failed_in_namespace(int /*root_fd*/) {}
  // After the namespace, before the commit.
  virtual void finish(ComposeResult& /*result*/) {}
};

std::unique_ptr<OutputStrategy> make_output_strategy(const OutputSetup& setup);

// The formats (output_dir.cpp, output_rootfs_tar.cpp, output_oci.cpp).
std::unique_ptr<OutputStrategy> dir_output(const OutputSetup& setup);
std::unique_ptr<OutputStrategy> rootfs_tar_output(const OutputSetup& setup);
std::unique_ptr<OutputStrategy> oci_output(const OutputSetup& setup);

}  // namespace debimg
