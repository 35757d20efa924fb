#pragma once
// The steps of compose (compose.cpp runs them in this order), one file each:
// prepare → lock → fetch → build the tree (unpack, then configure, finalize
// and write in the build namespace) → commit → push.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compose/compose_events.h"
#include "compose/compose_request.h"
#include "compose/compose_result.h"
#include "compose/output_strategy.h"
#include "configure/id_map.h"
#include "configure/sandbox.h"
#include "fetch/package_fetcher.h"
#include "lock/lockfile.h"
#include "profile/archive_suite.h"
#include "profile/host_apt.h"
#include "profile/profile.h"
#include "unpack/unpack_tree.h"
#include "cache/cache.h"

namespace debimg {

// Everything settled before any work (prepare_step.cpp): a bad profile, a
// missing id range or a kernel without openat2 fails here.
struct ComposeInputs {
  HostApt host;
  Profile profile;
  std::vector<ArchiveSuite> suites;
  Cache cache;
  IdMap ids;
  std::vector<std::string> platforms;  // the architectures this compose builds (--platform: one)
  IsolationChoice isolation;           // when configuring: the mode, and the line that says why
};
ComposeInputs prepare_step(const ComposeRequest& request);

struct LockedInputs {
  std::filesystem::path path;
  bool written = false;
  size_t retries = 0;  // of metadata downloads
  Lockfile lock;
};
LockedInputs lock_step(const ComposeRequest& request, const ComposeInputs& in, ComposeEvents& events);

FetchResult fetch_step(const ComposeRequest& request, const ComposeInputs& in, const Lockfile& lock,
                       ComposeEvents& events);

// What the tree steps share (tree_step.cpp).
struct TreeBuild {
  const ComposeRequest& request;
  ComposeEvents& events;
  const ComposeInputs& in;
  const Lockfile& lock;
  const FetchResult& fetched;
  const Sandbox& sandbox;
  std::string log_name;
  int64_t source_date_epoch = 0;
};
// The setup hooks on the empty tree, then the packages unpacked.
UnpackedTree unpack_step(const TreeBuild& build);
// In the build namespace: unpacks when the tree lives on a tmpfs, configures,
// finalizes and writes the output through `output`.
TreeOutcome tree_in_namespace(const TreeBuild& build, OutputStrategy& output,
                                             std::optional<UnpackedTree>& unpacked);

// How the tree's body runs in the build namespace: compose uses
// run_in_namespace_returning (namespace_call.h); unit tests pass a fake.
using NamespaceBody = std::function<TreeOutcome()>;
using NamespaceRunner = std::function<TreeOutcome(const IdMap&, const std::filesystem::path& scratch, const NamespaceBody&)>;
NamespaceRunner real_namespace_runner();
// Isolation none: the body runs in this process, with the umask the namespace gives it.
TreeOutcome run_without_namespace(const NamespaceBody& body);

// From the fetched packages to the committed output (build_step.cpp).
void build_step(const ComposeRequest& request, const ComposeInputs& in, const Lockfile& lock,
                const FetchResult& fetched, ComposeEvents& events, ComposeResult& result,
                const NamespaceRunner& run_in_namespace);

// Several platforms: each composed by a process of its own
// (compose/platform_builds.h), then one image index (platforms_step.cpp).
void platforms_step(const ComposeRequest& request, const ComposeInputs& in, const Lockfile& lock,
                    ComposeEvents& events, ComposeResult& result);

void push_step(const ComposeRequest& request, const ComposeInputs& in, ComposeEvents& events, ComposeResult& result);

struct ComposeSteps;
// --check-reproducible: builds the tree again (as a rootfs tar in the
// scratch area, then removed) and compares it with the first build's.
void reproducibility_step(const ComposeSteps& steps, const ComposeRequest& request, const ComposeInputs& in,
                          const Lockfile& lock, const FetchResult& fetched, ComposeEvents& events,
                          ComposeResult& result);

// The steps compose() runs, in this order (compose.cpp); unit tests give
// fakes to check the order, the stops and what a failure leaves.
struct ComposeSteps {
  std::function<ComposeInputs(const ComposeRequest&)> prepare;
  std::function<LockedInputs(const ComposeRequest&, const ComposeInputs&, ComposeEvents&)> lock;
  std::function<FetchResult(const ComposeRequest&, const ComposeInputs&, const Lockfile&, ComposeEvents&)> fetch;
  std::function<void(const ComposeRequest&, const ComposeInputs&, const Lockfile&, const FetchResult&, ComposeEvents&,
                     ComposeResult&)>
      build;
  std::function<void(const ComposeRequest&, const ComposeInputs&, const Lockfile&, ComposeEvents&, ComposeResult&)>
      platforms;
  std::function<void(const ComposeRequest&, const ComposeInputs&, ComposeEvents&, ComposeResult&)> push;
  static ComposeSteps real();
};
ComposeResult run_steps(const ComposeSteps& steps, const ComposeRequest& request, ComposeEvents& events);

}  // namespace debimg
