#include "compose/steps.h"
#include "lock/lock_resolution.h"

namespace debimg {

LockedInputs lock_step(const ComposeRequest& request, const ComposeInputs& in, ComposeEvents& events) {
  LockOptions options;
  options.offline = request.offline;
  options.freshness = request.freshness;
  options.warn = options.http.on_stall = [&](const std::string& w) { events.warning(w); };
  LockedInputs out;
  options.http.on_retry = [&](const std::string& w) {
    events.warning(w);
    ++out.retries;
  };
  out.path = lockfile_path(request.profile);
  events.stage(Stage::lock, out.path.string());
  out.lock = lock_for_compose(in.profile, in.suites, in.cache, out.path, request.lock_policy, options, out.written);
  events.stage(Stage::lock, std::string(out.written ? "wrote " : "using ") + out.path.string());
  return out;
}

}  // namespace debimg
