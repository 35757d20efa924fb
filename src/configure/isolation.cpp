#include "configure/isolation.h"

#include "configure/confinement.h"
#include "configure/fake_root_run.h"
#include "configure/user_namespace.h"
#include "util/error.h"
#include "util/interrupt.h"

namespace debimg {

Isolation parse_isolation(const std::string& text) {
  if (text == "auto") return Isolation::automatic;
  if (text == "namespace") return Isolation::namespaces;
  if (text == "none") return Isolation::none;
  throw Error("unknown isolation '" + text + "' (auto | namespace | none)");
}

std::string to_string(Isolation isolation) {
  switch (isolation) {
    case Isolation::automatic: return "auto";
    case Isolation::namespaces: return "namespace";
    case Isolation::none: return "none";
  }
  return "?";
}

namespace {

// What the namespace mode needs, tried for real: an id map, then a user
// namespace with its own mount and PID namespaces and a fresh /proc (what
// seccomp, a sysctl or a masked /proc refuse). Empty `why_not`: it works.
struct NamespaceProbe {
  IdMap ids;
  std::string why_not;  // short, for the line that says which mode runs
  std::string error;    // the whole error, for a forced namespace mode
};

NamespaceProbe probe_namespaces() {
  NamespaceProbe probe;
  try {
    probe.ids = detect_id_map();
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    probe.why_not = "this user has no subordinate id range in /etc/subuid and /etc/subgid";
    probe.error = e.what();
    return probe;
  }
  try {
    run_in_namespace(probe.ids, [] {}, false);
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    const std::string text = e.what();
    probe.why_not = text.find("/proc") != std::string::npos
                        ? "a fresh /proc is refused: parts of this container's /proc are masked"
                        : "the kernel refuses to create a user namespace (seccomp, a sysctl or a security module)";
    probe.error = text;
  }
  return probe;
}

IsolationChoice without_namespaces(bool allow_unconfined, const std::string& why) {
  require_fake_root_tools();
  const int abi = landlock_abi();
  IsolationChoice choice{Isolation::none, IdMap{}, why};
  choice.ids.identity = true;
  choice.ids.sandbox_range_source = "fakeroot";
  if (abi > 0) {
    choice.reason += "; scripts run under fakechroot and fakeroot, confined by Landlock ABI " + std::to_string(abi);
  } else if (allow_unconfined) {
    choice.confined = false;
    choice.reason += "; scripts run under fakechroot and fakeroot WITHOUT Landlock (--allow-unconfined-scripts): "
                     "they can read and write whatever this user can";
    choice.reason = "warning: " + choice.reason;
  } else {
    throw Error("no Landlock here (the kernel lacks it, Linux 5.13 or later with landlock in its lsm= list, or a "
                "seccomp profile refuses landlock_create_ruleset), and it confines maintainer scripts where no user "
                "namespace can be made (" + why.substr(why.find('(') + 1) + "; run on a node whose kernel has "
                "Landlock with the runtime's default seccomp profile, or pass --allow-unconfined-scripts to run the "
                "scripts with all of this user's access");
  }
  return choice;
}

}  // namespace

IsolationChoice choose_isolation(Isolation requested, bool allow_unconfined) {
  if (requested == Isolation::none) return without_namespaces(allow_unconfined, "isolation: none (--isolation none)");
  NamespaceProbe probe = probe_namespaces();
  if (probe.why_not.empty())
    return {Isolation::namespaces, probe.ids,
            requested == Isolation::namespaces ? "isolation: namespace (--isolation namespace)"
                                               : "isolation: namespace (user namespaces work here)"};
  if (requested == Isolation::namespaces)
    throw Error(probe.error + "; or compose with --isolation auto or none, which need no namespace");
  return without_namespaces(allow_unconfined, "isolation: none (" + probe.why_not + ")");
}

}  // namespace debimg
