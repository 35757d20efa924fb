// --format dir: the tree itself, unpacked where it will stay.
#include <sys/stat.h>
#include <unistd.h>

#include "compose/output_strategy.h"
#include "configure/configure_tree.h"
#include "util/error.h"
#include "util/files.h"

namespace debimg {

namespace {

class DirOutput : public OutputStrategy {
 public:
  bool tree_in_memory() const override { return false; }

  std::optional<ImageReport> write(int root_fd, FileTable final_table, const IdMap& ids) override {
    // As root, the image's real owners (out of the scripts' range). As a
    // user, the tree stays in the subordinate range (without namespaces:
    // the user's own) and only its owner may enter it, so nobody else can
    // run its set-id files.
    if (ids.identity && ::geteuid() == 0)
      apply_table(root_fd, final_table, ids, false);
    else if (::fchmod(root_fd, 0700) != 0)
      throw Error("cannot make the tree private: " + errno_text(errno));
    return std::nullopt;
  }

  void failed_in_namespace(int root_fd) override {
    try {
      remove_contents(root_fd);  // files of the namespace's ids: only it can remove them
    } catch (...) {
    }
  }
};

}  // namespace

std::unique_ptr<OutputStrategy> dir_output(const OutputSetup&) { return std::make_unique<DirOutput>(); }

}  // namespace debimg
