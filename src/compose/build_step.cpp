// From the fetched packages to the committed output: the staging, the tree
// (on disk for `dir`, else a tmpfs in the namespace), the configure log,
// the namespace run, the output's last steps and the commit.
#include <fcntl.h>
#include <unistd.h>

#include "compose/cleanup.h"
#include "compose/output_guard.h"
#include "compose/output_path.h"
#include "compose/steps.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/io_place.h"
#include "util/staged_output.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

// The configure log, in the cache: a failed run leaves it for the user (and
// names it); a run that succeeds or is interrupted removes it.
class ConfigureLog {
 public:
  explicit ConfigureLog(const Cache& cache) : path_(cache.new_temp_file("configure-log")) {
    fd_.reset(::open(path_.c_str(), O_RDWR | O_APPEND | O_CLOEXEC));  // read back for error messages
    if (!fd_) throw Error("cannot open the configure log " + path_.string() + ": " + errno_text(errno));
  }
  ~ConfigureLog() {
    if (succeeded_ || interrupted()) ::unlink(path_.c_str());
  }
  int fd() const { return fd_.get(); }
  std::string name() const { return path_.string(); }
  void succeeded() { succeeded_ = true; }

 private:
  fs::path path_;
  UniqueFd fd_;
  bool succeeded_ = false;
};

// A dir output's marker names the staged folder, which the commit renames into place.
void commit_output(const ComposeRequest& request, const fs::path& output, StagedOutput& staged) {
  if (request.format == OutputFormat::dir) mark_dir_output(output, staged.path());
  staged.commit();
}

void refuse_usrmerge_without_namespace(const ComposeRequest& request, const ComposeInputs& in, const Lockfile& lock) {
  if (in.isolation.mode == Isolation::none && request.stop_after == StopAfter::everything)
    for (const auto& p : lock.packages)
      if (p.name == "usrmerge")  // its convert-usrmerge runs ldd, which reads programs past fakechroot
        throw Error("usrmerge (merged-usr: false on bookworm) converts the tree with ldd, which cannot run without a "
                    "user namespace; compose with merged-usr: true (the default), or where user namespaces work");
}

}  // namespace

void build_step(const ComposeRequest& request, const ComposeInputs& in, const Lockfile& lock,
                const FetchResult& fetched, ComposeEvents& events, ComposeResult& result,
                const NamespaceRunner& run_in_namespace) {
  refuse_usrmerge_without_namespace(request, in, lock);
  const fs::path output = output_path(request, in.profile);
  remove_stale_temporaries_of_killed_runs(in.cache, output, in.ids);
  StagedOutput staged(output, is_file_output(request.format) ? StagedOutput::file : StagedOutput::directory);
  const int64_t epoch = source_date_epoch(in.profile, lock, fetched, in.cache);
  result.source_date_epoch = epoch;
  auto strategy = make_output_strategy(
      {request.format, output, staged.path(), &in.cache, &in.profile, &lock, epoch, request.no_layer_cache, &events});
  // Without namespaces there is no tmpfs to mount: the tree is a folder in the cache's scratch area.
  const bool no_namespace = in.isolation.mode == Isolation::none && request.stop_after == StopAfter::everything;
  const bool in_memory = strategy->tree_in_memory() && !no_namespace;
  std::optional<TempDir> tree_dir;  // the mount point of the tmpfs the tree lives on, or that folder
  if (strategy->tree_in_memory()) {
    tree_dir.emplace(in.cache.scratch(), "tree-");
    register_place(tree_dir->path(), Place::tree);  // a full tmpfs or cache says "the staging tree"
  }
  ConfigureLog log(in.cache);
  const SandboxMode mode{in.isolation.mode, in.cache.scratch(), in.isolation.confined};
  const Sandbox sandbox(tree_dir ? tree_dir->path() : staged.path(), in.ids, log.fd(), in.profile.image.hostname, mode);
  const TreeBuild build{request, events, in, lock, fetched, sandbox, log.name(), epoch};
  if (no_namespace) events.notice(in.isolation.reason);

  std::optional<UnpackedTree> unpacked;
  if (!in_memory) unpacked = unpack_step(build);
  if (request.stop_after == StopAfter::unpack) {
    log.succeeded();
    commit_output(request, output, staged);
    result.output = fs::absolute(output).string();
    result.unpacked_paths = unpacked ? unpacked->table.size() : 0;
    return;
  }
  NamespaceTreeCleanup cleanup(in.ids, sandbox.tree(), !strategy->tree_in_memory() && !no_namespace);
  const auto body = [&] { return tree_in_namespace(build, *strategy, unpacked); };
  TreeOutcome outcome = no_namespace ? run_without_namespace(body) : run_in_namespace(in.ids, in.cache.scratch(), body);
  cleanup.disarm();
  result.isolation = to_string(in.isolation.mode);
  result.image = std::move(outcome.image);
  result.listing = std::move(outcome.listing);
  strategy->finish(result);
  log.succeeded();
  commit_output(request, output, staged);
  remove_stale_temporaries_of_killed_runs(in.cache, output, in.ids);  // those killed a moment before this run began
  result.output = fs::absolute(output).string();
}

}  // namespace debimg
