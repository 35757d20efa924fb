#pragma once
// The platforms of a multi-platform compose, each composed by a debimg
// process of its own (`compose --platform P --format oci` into the scratch
// area, from the lock and the packages already fetched), as many at once as
// there are cores. A process each, not a thread: the build namespace is a
// fork, and forking a threaded process is not safe.
#include <filesystem>
#include <string>
#include <vector>

#include "compose/compose_events.h"
#include "compose/compose_request.h"
#include "compose/compose_result.h"

namespace debimg {

struct PlatformBuild {
  std::string architecture;
  std::filesystem::path layout;  // the platform's OCI layout
  ImageReport image;
  size_t reproducible_paths = 0;  // with --check-reproducible: the paths its two builds made alike
  int64_t source_date_epoch = 0;  // what its packages date it
};

// Each line a platform's process prints reaches events.platform_line. A
// failed platform stops the others; its message is the error's.
std::vector<PlatformBuild> build_platforms(const ComposeRequest& request, const std::vector<std::string>& architectures,
                                           const std::filesystem::path& folder, unsigned jobs, ComposeEvents& events);

}  // namespace debimg
