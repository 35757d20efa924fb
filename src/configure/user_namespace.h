#pragma once
// Runs a function as root of a new user namespace (with mount and PID
// namespaces of its own), ids mapped as IdMap says: no setuid helper of
// ours, only the system's newuidmap/newgidmap when not root.
#include <sys/types.h>

#include <functional>
#include <string>

#include "configure/id_map.h"

namespace debimg {

// `body` runs in a forked process (PID 1 of the new PID namespace); an
// exception it throws comes back here as an Error with the same message.
// Call it with no other threads running (unshare refuses threaded callers).
// With `interruptible`, SIGINT/SIGTERM (see interrupt.h) end the namespace
// at once and Interrupted is thrown.
void run_in_namespace(const IdMap& map, const std::function<void()>& body, bool interruptible = true);

// The primitive under both: forks a child that unshares `flags` (with
// CLONE_NEWUSER) and waits until the parent ran `map_ids(child)`; the child
// then runs `in_child`, which may call `fail(message)` (exits; the message
// comes back here as an Error) and should _exit itself. Returns the child's
// exit status. The child dies with its parent.
using ChildFailure = std::function<void(const std::string&)>;
int fork_with_namespaces(int flags, const std::string& unshare_error, const std::function<void(pid_t)>& map_ids,
                         const std::function<void(const ChildFailure&)>& in_child, bool interruptible);

// Writes /proc/PID/uid_map and gid_map (the caller needs CAP_SETUID and
// CAP_SETGID over the ids named: root of the parent namespace).
void write_id_maps(pid_t pid, const std::string& uid_map, const std::string& gid_map);

// In a forked child: SIGKILL when the parent dies; exits at once when the
// parent (pid `parent` as this process sees it) is already gone.
void die_with_parent(pid_t parent);

}  // namespace debimg
