#include "compose/compose.h"

#include "compose/steps.h"

namespace debimg {

ComposeResult compose(const ComposeRequest& request, ComposeEvents& events) {
  ComposeInputs in = prepare_step(request);
  LockedInputs locked = lock_step(request, in, events);
  ComposeResult result;
  result.lock_path = locked.path.string();
  result.lock_written = locked.written;
  result.packages = locked.lock.packages.size();
  result.format = request.format;
  result.stopped_after = request.stop_after;

  FetchResult fetched = fetch_step(request, in, locked.lock, events);
  result.downloaded = fetched.downloaded;
  result.downloaded_bytes = fetched.downloaded_bytes;
  if (request.stop_after == StopAfter::fetch) return result;

  build_step(request, in, locked.lock, fetched, events, result);
  push_step(request, in, events, result);
  return result;
}

}  // namespace debimg
