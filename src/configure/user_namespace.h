#pragma once
// Runs a function as root of a new user namespace (with mount and PID
// namespaces of its own), ids mapped as IdMap says: no setuid helper of
// ours, only the system's newuidmap/newgidmap when not root.
#include <functional>

#include "configure/id_map.h"

namespace debimg {

// `body` runs in a forked process (PID 1 of the new PID namespace); an
// exception it throws comes back here as an Error with the same message.
// Call it with no other threads running (unshare refuses threaded callers).
// With `interruptible`, SIGINT/SIGTERM (see interrupt.h) end the namespace
// at once and Interrupted is thrown.
void run_in_namespace(const IdMap& map, const std::function<void()>& body, bool interruptible = true);

}  // namespace debimg
