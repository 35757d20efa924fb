#include "compose/steps.h"
#include "push/image_push.h"

namespace debimg {

void push_step(const ComposeRequest& request, const ComposeInputs& in, ComposeEvents& events, ComposeResult& result) {
  if (!request.push) return;
  events.stage(Stage::push, request.push->str());
  result.pushed = push_image(result.output, *request.push, request.registry, in.cache,
                             [&](const std::string& what) { events.progress(Stage::push, Progress{0, 0, 0, what}); });
  result.pushed_to = request.push->str();
}

}  // namespace debimg
