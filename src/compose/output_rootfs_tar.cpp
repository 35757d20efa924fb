// --format rootfs-tar: the finished tree as one tar, written from inside the namespace.
#include <fcntl.h>

#include "compose/output_strategy.h"
#include "export/rootfs_tar.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

namespace debimg {

namespace {

class RootfsTarOutput : public OutputStrategy {
 public:
  explicit RootfsTarOutput(const OutputSetup& setup) : epoch_(setup.source_date_epoch) {
    // Opened before the namespace: the staged file is the caller's.
    fd_.reset(::open(setup.staged.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
    if (!fd_) throw Error("cannot open " + setup.staged.string() + ": " + errno_text(errno));
  }

  std::optional<ImageReport> write(int root_fd, FileTable final_table, const IdMap&) override {
    TarOptions options;
    options.clamp_mtime = epoch_;
    write_rootfs_tar(root_fd, final_table, fd_.get(), options);
    return std::nullopt;
  }

 private:
  int64_t epoch_;
  UniqueFd fd_;
};

}  // namespace

std::unique_ptr<OutputStrategy> rootfs_tar_output(const OutputSetup& setup) {
  return std::make_unique<RootfsTarOutput>(setup);
}

}  // namespace debimg
