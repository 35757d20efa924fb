#include "compose/steps.h"
#include "configure/foreign_architecture.h"
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
  const bool configures = request.stop_after == StopAfter::everything;
  if (configures) {
    require_openat2();
    require_runnable(profile.architectures.front(), host.architecture);
  }
  IdMap ids = configures ? detect_id_map() : IdMap{};
  return ComposeInputs{std::move(host), std::move(profile), std::move(suites), std::move(cache), std::move(ids)};
}

}  // namespace debimg
