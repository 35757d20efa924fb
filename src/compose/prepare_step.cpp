#include "compose/output_guard.h"
#include "compose/output_path.h"
#include "compose/steps.h"
#include "configure/foreign_architecture.h"
#include "export/oci_platform.h"
#include "profile/profile_parser.h"
#include "util/tree_fs.h"

namespace debimg {

ComposeInputs prepare_step(const ComposeRequest& request) {
  request.check();
  HostApt host = read_host_apt();
  use_apt_proxies(host);
  Profile profile = load_profile(request.profile, host.architecture);
  std::vector<ArchiveSuite> suites = resolve_archive_suites(profile, host);
  Cache cache(request.cache_dir);
  // Before any work: without a usable id map, or without openat2 to walk the
  // configured tree, there is no configuring.
  std::vector<std::string> platforms = profile.architectures;
  if (!request.platform.empty())
    platforms = {architecture_of_platform(request.platform, profile.architectures, "--platform")};
  if (platforms.size() > 1 && request.stop_after != StopAfter::fetch && !holds_platforms(request.format))
    throw InputError(profile.where("architectures"), "architectures",
                     "the profile builds " + std::to_string(platforms.size()) +
                     " platforms and --format " + to_string(request.format) +
                     " holds one: pick one with --platform (for example --platform " +
                     oci_platform(platforms.front()).str() + "), or use --format oci or oci-archive");
  // Before any download: what -o names may be replaced (compose/output_guard.h).
  if (request.stop_after != StopAfter::fetch) check_output_target(output_path(request, profile), request.format, request.force);
  const bool configures = request.stop_after == StopAfter::everything;
  if (configures) {
    require_openat2();
    for (const auto& arch : platforms) require_runnable(arch, host.architecture);
  }
  IsolationChoice isolation;
  if (configures) isolation = choose_isolation(request.isolation, request.allow_unconfined_scripts);
  if (isolation.mode == Isolation::none)
    for (const auto& arch : platforms)
      if (arch != host.architecture)
        throw Error("isolation none runs the tree's programs natively: " + arch + " cannot run on this " +
                    host.architecture + " machine without a user namespace (compose " + arch +
                    " where user namespaces work, or on a " + arch + " machine)");
  IdMap ids = isolation.ids;
  return ComposeInputs{std::move(host),  std::move(profile), std::move(suites),   std::move(cache),
                       std::move(ids),   std::move(platforms), std::move(isolation)};
}

}  // namespace debimg
