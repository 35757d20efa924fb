// `debimg cache prune [LOCK...]`: drop cached files no given lockfile needs.
// Indexes named by the cached InRelease files stay, so metadata stays warm;
// so do the data.tar copies of the kept .debs. Cached layers go.
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "lock/lockfile.h"
#include "repo/release_file.h"
#include "repo/signature_check.h"
#include "unpack/data_tar_cache.h"
#include "cache/cache.h"
#include "util/error.h"
#include "util/files.h"

namespace fs = std::filesystem;

namespace debimg {

int cache_prune_command(const CachePruneCommand& cmd, const Output& out) {
  Cache cache(cmd.cache_dir);
  std::set<std::string> keep;
  for (const auto& path : cmd.locks)
    for (const auto& p : parse_lockfile(read_file(path), path).packages) keep.insert(p.sha256);
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(cache.root() / "state", ec)) {
    if (!entry.is_regular_file()) continue;
    std::string raw = read_file(entry.path());
    std::string text = raw.rfind("-----BEGIN PGP SIGNED MESSAGE-----", 0) == 0
                           ? unverified_clearsigned_text(raw, entry.path().string())
                           : raw;
    try {
      for (const auto& [path, e] : parse_release(text, entry.path().string()).sha256) keep.insert(e.sha256);
    } catch (const Error&) {
      // not a Release: nothing of it to keep
    }
  }
  // A kept .deb keeps its data.tar (data_tar_cache.h); the others' names go.
  const std::set<std::string> debs = keep;
  for (const auto& entry : fs::directory_iterator(cache.state_path(DataTarCache::kStateFolder), ec)) {
    if (debs.count(entry.path().filename().string())) {
      std::istringstream line(read_file(entry.path()));
      std::string sha256;
      if (line >> sha256) keep.insert(sha256);
    } else {
      fs::remove(entry.path(), ec);
    }
  }
  fs::remove_all(cache.state_path("layers"), ec);  // their blobs go: layers are made again when needed
  size_t removed = 0, kept = 0;
  uint64_t freed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(cache.root() / "sha256", ec)) {
    if (!entry.is_regular_file()) continue;
    if (keep.count(entry.path().filename().string())) {
      ++kept;
      continue;
    }
    freed += entry.file_size();
    fs::remove(entry.path());
    ++removed;
  }
  std::ostringstream text;
  text << "removed " << removed << " files (" << freed << " bytes), kept " << kept << "\n";
  out.result({{"removed", removed}, {"kept", kept}, {"freed-bytes", freed}}, text.str());
  return 0;
}

}  // namespace debimg
