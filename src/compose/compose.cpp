#include "compose/compose.h"

#include <sys/stat.h>

#include "compose/namespace_call.h"
#include "compose/steps.h"

namespace debimg {

NamespaceRunner real_namespace_runner() {
  return [](const IdMap& ids, const std::filesystem::path& scratch, const NamespaceBody& body) {
    return run_in_namespace_returning<TreeOutcome>(ids, scratch, body);
  };
}

TreeOutcome run_without_namespace(const NamespaceBody& body) {
  const mode_t before = ::umask(022);  // what scripts create must not depend on the caller's umask
  try {
    TreeOutcome outcome = body();
    ::umask(before);
    return outcome;
  } catch (...) {
    ::umask(before);
    throw;
  }
}

ComposeSteps ComposeSteps::real() {
  ComposeSteps s;
  s.prepare = prepare_step;
  s.lock = lock_step;
  s.fetch = fetch_step;
  s.build = [](const ComposeRequest& request, const ComposeInputs& in, const Lockfile& locked,
               const FetchResult& fetched, ComposeEvents& events, ComposeResult& result) {
    build_step(request, in, locked, fetched, events, result, real_namespace_runner());
  };
  s.platforms = platforms_step;
  s.push = push_step;
  return s;
}

ComposeResult run_steps(const ComposeSteps& steps, const ComposeRequest& request, ComposeEvents& events) {
  ComposeInputs in = steps.prepare(request);
  LockedInputs locked = steps.lock(request, in, events);
  ComposeResult result;
  result.lock_path = locked.path.string();
  result.lock_written = locked.written;
  result.format = request.format;
  result.stopped_after = request.stop_after;
  // One platform (of one, or picked with --platform) is built here, from its
  // part of the lock; several by a process each, from the whole lock.
  const bool several = in.platforms.size() > 1;
  const Lockfile lock = several || locked.lock.architectures.size() < 2 ? locked.lock
                                                                          : locked.lock.platform(in.platforms.front());
  result.packages = lock.packages.size();

  FetchResult fetched = steps.fetch(request, in, lock, events);
  result.downloaded = fetched.downloaded;
  result.downloaded_bytes = fetched.downloaded_bytes;
  result.retries = locked.retries + fetched.retries;
  if (request.stop_after == StopAfter::fetch) return result;

  if (several) {
    steps.platforms(request, in, lock, events, result);
  } else {
    steps.build(request, in, lock, fetched, events, result);
    if (request.check_reproducible) {
      reproducibility_step(steps, request, in, lock, fetched, events, result);
      if (!result.reproducible->differences.empty()) return result;  // nothing pushed: the caller reports it
    }
  }
  steps.push(request, in, events, result);
  return result;
}

ComposeResult compose(const ComposeRequest& request, ComposeEvents& events) {
  return run_steps(ComposeSteps::real(), request, events);
}

}  // namespace debimg
