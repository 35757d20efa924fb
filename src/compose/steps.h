#pragma once
// The steps of compose (compose.cpp runs them in this order), one file each:
// prepare → lock → fetch → build the tree (unpack, then configure, finalize
// and write in the build namespace) → commit → push.
#include <filesystem>
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
#include "util/cache.h"

namespace debimg {

// Everything settled before any work (prepare_step.cpp): a bad profile, a
// missing id range or a kernel without openat2 fails here.
struct ComposeInputs {
  HostApt host;
  Profile profile;
  std::vector<ArchiveSuite> suites;
  Cache cache;
  IdMap ids;
};
ComposeInputs prepare_step(const ComposeRequest& request);

struct LockedInputs {
  std::filesystem::path path;
  bool written = false;
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
std::optional<ImageReport> tree_in_namespace(const TreeBuild& build, OutputStrategy& output,
                                             std::optional<UnpackedTree>& unpacked);

// From the fetched packages to the committed output (build_step.cpp).
void build_step(const ComposeRequest& request, const ComposeInputs& in, const Lockfile& lock,
                const FetchResult& fetched, ComposeEvents& events, ComposeResult& result);

void push_step(const ComposeRequest& request, const ComposeInputs& in, ComposeEvents& events, ComposeResult& result);

}  // namespace debimg
