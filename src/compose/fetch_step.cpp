#include "compose/steps.h"

namespace debimg {

FetchResult fetch_step(const ComposeRequest& request, const ComposeInputs& in, const Lockfile& lock,
                       ComposeEvents& events) {
  FetchOptions options;
  options.offline = request.offline;
  options.http.on_retry = options.http.on_stall = [&](const std::string& w) { events.warning(w); };
  options.progress = [&](size_t done, size_t total, uint64_t bytes) {
    events.progress(Stage::fetch, Progress{done, total, bytes, ""});
  };
  events.stage(Stage::fetch, std::to_string(lock.packages.size()) + " packages");
  return fetch_packages(lock, in.suites, in.profile, in.cache, options);
}

}  // namespace debimg
