#pragma once
// What a compose leaves when it fails or is killed, and how the next one
// removes it. A user's trees hold files of its subordinate ids, which only
// a namespace with the same map can remove.
#include <filesystem>

#include "configure/id_map.h"
#include "cache/cache.h"

namespace debimg {

// What killed runs left in the cache's scratch folder and beside `output`
// (their temporaries are no longer locked: util/temporaries.h).
void remove_stale_temporaries_of_killed_runs(const Cache& cache, const std::filesystem::path& output, const IdMap& ids);

// Once configuring may have begun, a tree on disk holds files of the
// namespace's ids: if the run dies (an interrupt kills the namespace), this
// removes them from inside a fresh namespace before the temporaries go.
class NamespaceTreeCleanup {
 public:
  NamespaceTreeCleanup(const IdMap& ids, std::filesystem::path tree, bool armed)
      : ids_(ids), tree_(std::move(tree)), armed_(armed) {}
  NamespaceTreeCleanup(const NamespaceTreeCleanup&) = delete;
  NamespaceTreeCleanup& operator=(const NamespaceTreeCleanup&) = delete;
  ~NamespaceTreeCleanup();
  void disarm() { armed_ = false; }

 private:
  const IdMap& ids_;
  std::filesystem::path tree_;
  bool armed_;
};

}  // namespace debimg
