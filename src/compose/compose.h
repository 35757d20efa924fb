#pragma once
// The pipeline as one call: profile → lock → fetch → tree → output → push.
// The CLI (cli/compose_command.cpp) parses options into a ComposeRequest,
// passes events for progress, and prints the result.
#include "compose/compose_events.h"
#include "compose/compose_request.h"
#include "compose/compose_result.h"

namespace debimg {

// Throws Error (InputError for profile mistakes) on failure, having left
// no output and no staging tree; Interrupted on SIGINT/SIGTERM.
ComposeResult compose(const ComposeRequest& request, ComposeEvents& events);

}  // namespace debimg
