// The tree: unpacked, configured by the maintainer scripts in the sandbox,
// accounts and hooks, tidied and made reproducible, then written by the
// output strategy, all but a `dir` output's unpacking inside the build
// namespace.
#include <fcntl.h>
#include <sys/mount.h>

#include "compose/steps.h"
#include "configure/configure_tree.h"
#include "configure/tree_scan.h"
#include "finalize/accounts.h"
#include "finalize/determinism.h"
#include "finalize/generated_keys.h"
#include "finalize/hooks.h"
#include "finalize/tidy.h"
#include "util/error.h"
#include "util/strings.h"
#include "util/fd.h"
#include "util/files.h"

namespace debimg {

namespace {

void hooks(const TreeBuild& build, const std::string& name, const std::vector<Hook>& list) {
  if (list.empty()) return;
  build.events.stage(Stage::hooks, name + " (" + std::to_string(list.size()) + ")");
  const HookContext context{&build.sandbox, &build.in.profile, build.in.suites.front().suite, build.lock.architecture(),
                            build.source_date_epoch, build.log_name};
  run_hooks(name, list, context);
}

UniqueFd open_tree(const TreeBuild& build) {
  UniqueFd root(::open(build.sandbox.tree().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw Error("cannot open the tree " + build.sandbox.tree().string() + ": " + errno_text(errno));
  return root;
}

// Maintainer scripts, accounts, and the hooks around them.
void configure_step(const TreeBuild& build, const UnpackedTree& unpacked) {
  const Profile& profile = build.in.profile;
  const IdMap& ids = build.sandbox.ids();
  build.events.stage(Stage::configure, std::to_string(unpacked.packages.size()) +
                                           " packages, maintainer scripts in the sandbox (their root is id " +
                                           std::to_string(ids.outer_uid(ids.sandbox_uid_base)) + ", " +
                                           ids.sandbox_range_source + ")");
  ConfigureInput configure{&build.sandbox, &unpacked.table, &unpacked.packages, build.log_name, build.source_date_epoch,
                           profile.image.hostname, profile.image.mailname, {}, {}, {}};
  // extract: after unpacking, with the owners applied (what hooks chown sticks), before any script.
  configure.before_scripts = [&] { hooks(build, "extract", profile.hooks.extract); };
  if (!profile.hooks.essential.empty()) configure.after_essential = [&] { hooks(build, "essential", profile.hooks.essential); };
  if (build.events.shows_progress())
    configure.progress = [&](size_t done, size_t total, const std::string& package) {
      build.events.progress(Stage::configure, Progress{done, total, 0, package});
    };
  configure_tree(configure);
  if (!profile.accounts.groups.empty() || !profile.accounts.users.empty()) {
    build.events.stage(Stage::accounts, std::to_string(profile.accounts.groups.size()) + " groups, " +
                                            std::to_string(profile.accounts.users.size()) + " users");
    create_accounts(profile.accounts, build.sandbox, build.log_name);
  }
  hooks(build, "customize", profile.hooks.customize);  // all configured, before tidying and export
}

// Tidy, slim, reproducible; the table read back from the tree as it is now.
FileTable finalize_step(const TreeBuild& build, int root_fd, const UnpackedTree& unpacked) {
  build.events.stage(Stage::finalize, "tidy, slim, reproducible");
  tidy_tree(root_fd);
  tidy_slim(root_fd, build.in.profile.slim);
  if (!build.in.profile.image.keep_generated_keys) {
    const std::vector<std::string> removed = remove_generated_keys(root_fd);
    if (!removed.empty())
      build.events.warning("removed the keys that scripts generated, which every container of the image would share: " +
                           join(removed) + " (image.keep-generated-keys: true keeps them)");
  }
  make_reproducible(root_fd, build.source_date_epoch);
  return scan_tree(root_fd, unpacked.table, &build.sandbox.ids(), build.sandbox.faked_owners());
}

}  // namespace

UnpackedTree unpack_step(const TreeBuild& build) {
  hooks(build, "setup", build.in.profile.hooks.setup);  // on the empty tree
  build.events.stage(Stage::unpack, std::to_string(build.lock.packages.size()) + " packages");
  return unpack_tree(build.sandbox.tree(), build.in.profile, build.in.suites, build.lock, build.fetched.files,
                     &build.in.cache);
}

TreeOutcome tree_in_namespace(const TreeBuild& build, OutputStrategy& output,
                                             std::optional<UnpackedTree>& unpacked) {
  try {
    if (!unpacked) {
      // On a tmpfs over the (empty) staging folder in the cache: nothing of
      // the tree reaches the disk, and it vanishes with the namespace.
      if (::mount("tmpfs", build.sandbox.tree().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
        throw Error("cannot mount a tmpfs for the staging tree: " + errno_text(errno));
      unpacked = unpack_step(build);
    }
    output.after_unpack(open_tree(build).get(), *unpacked);
    configure_step(build, *unpacked);
    UniqueFd root = open_tree(build);
    FileTable final_table = finalize_step(build, root.get(), *unpacked);
    TreeOutcome outcome;
    if (build.request.check_reproducible) outcome.listing = list_tree(root.get(), final_table, build.source_date_epoch);
    outcome.image = output.write(root.get(), std::move(final_table), build.sandbox.ids());
    return outcome;
  } catch (...) {
    if (UniqueFd root{::open(build.sandbox.tree().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)})
      output.failed_in_namespace(root.get());
    throw;
  }
}

}  // namespace debimg
