#pragma once
// How maintainer scripts are isolated from the machine that builds:
//  - namespace: user, mount, PID, UTS, IPC and network namespaces, pivot_root
//    into the tree (sandbox.h);
//  - none: no namespace at all, for Kubernetes pods at the Restricted or
//    Baseline standard and containers under the runtime's default seccomp
//    profile, which refuse unshare. Scripts see the tree as / through
//    fakechroot, their ownership changes are recorded by fakeroot, and
//    Landlock, a seccomp filter and no_new_privs keep every process — also a
//    static binary that ignores preloading — inside the tree (fake_root_run.h).
// The same confinement applies in both modes; both give the same image.
#include <string>

#include "configure/id_map.h"

namespace debimg {

enum class Isolation { automatic, namespaces, none };

// "auto" | "namespace" | "none"; throws Error naming the accepted ones.
Isolation parse_isolation(const std::string& text);
std::string to_string(Isolation isolation);

struct IsolationChoice {
  Isolation mode = Isolation::namespaces;  // never automatic
  IdMap ids;                               // the namespaces' id map; none: the identity
  std::string reason;                      // why this mode, for the one line compose prints
  bool confined = true;                    // none: false only when allowed and Landlock is missing
};

// Settles the mode before any work: `automatic` takes namespaces when a user
// namespace can be made here with a usable id map (tried, not assumed), else
// none. A forced mode that cannot work is an Error saying what to do where
// debimg runs. `none` needs Landlock unless `allow_unconfined`.
IsolationChoice choose_isolation(Isolation requested, bool allow_unconfined);

}  // namespace debimg
