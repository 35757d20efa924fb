#include "compose/cleanup.h"

#include <fcntl.h>

#include "configure/user_namespace.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/staged_output.h"
#include "util/temporaries.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

// Empties `path` from inside a namespace with the build's id map.
void empty_in_namespace(const IdMap& ids, const fs::path& path) {
  run_in_namespace(ids, [&] {
    UniqueFd root(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (root) remove_contents(root.get());
  }, false);
}

}  // namespace

void remove_stale_temporaries_of_killed_runs(const Cache& cache, const fs::path& output, const IdMap& ids) {
  auto remove = [&](const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec && fs::is_directory(fs::symlink_status(path))) {  // read-only folders of the builder's own (isolation none)
      try {
        if (UniqueFd dir{::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)}) remove_contents(dir.get());
      } catch (const Error&) {
      }
      fs::remove_all(path, ec);
    }
    if (!ec || ids.identity || ids.user.empty()) return;
    try {
      empty_in_namespace(ids, path);
    } catch (const Error&) {
    }
    fs::remove_all(path, ec);
  };
  remove_stale_temporaries(cache.scratch(), [](const std::string&) { return true; }, remove);
  StagedOutput::remove_stale(output, remove);
}

NamespaceTreeCleanup::~NamespaceTreeCleanup() {
  if (!armed_ || ids_.identity) return;
  try {
    empty_in_namespace(ids_, tree_);
  } catch (...) {
  }
}

}  // namespace debimg
