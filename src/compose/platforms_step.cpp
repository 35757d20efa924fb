// Several platforms: each composed as a single-platform OCI layout by a
// process of its own, then joined into one layout whose index.json names an
// image index of their manifests (oci), archived as one tar (oci-archive).
#include <algorithm>
#include <thread>

#include "compose/layout_archive.h"
#include "compose/output_path.h"
#include "compose/platform_builds.h"
#include "compose/steps.h"
#include "export/image_index.h"
#include "export/oci_platform.h"
#include "util/files.h"
#include "util/staged_output.h"

namespace fs = std::filesystem;

namespace debimg {

void platforms_step(const ComposeRequest& request, const ComposeInputs& in, const Lockfile& /*lock*/,
                    ComposeEvents& events, ComposeResult& result) {
  const fs::path output = output_path(request, in.profile);
  StagedOutput staged(output, is_file_output(request.format) ? StagedOutput::file : StagedOutput::directory);
  const TempDir work(in.cache.scratch(), "platforms-");
  const unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  events.stage(Stage::export_image, std::to_string(in.platforms.size()) + " platforms, " +
                                        std::to_string(std::min<size_t>(jobs, in.platforms.size())) + " at a time");
  const std::vector<PlatformBuild> builds = build_platforms(request, in.platforms, work.path(), jobs, events);

  std::optional<TempDir> archived;  // an archive's layout, in the cache
  if (request.format != OutputFormat::oci) archived.emplace(in.cache.scratch(), "layout-");
  const fs::path layout = archived ? archived->path() : staged.path();
  std::vector<PlatformLayout> layouts;
  for (const auto& b : builds) layouts.push_back({b.architecture, b.layout});
  events.stage(Stage::export_image, "an image index of " + std::to_string(builds.size()) + " platforms");
  const IndexDigests digests = write_image_index(layout, layouts, in.profile.image.tag);
  // The archive's entries are dated as the newest of its images.
  for (const auto& b : builds) result.source_date_epoch = std::max(result.source_date_epoch, b.source_date_epoch);
  if (archived) write_layout_archive(layout, result.source_date_epoch, staged.path());
  staged.commit();

  result.output = fs::absolute(output).string();
  result.image = ImageReport{digests.index, "", {}, {}};
  for (const auto& b : builds) result.platforms.push_back({oci_platform(b.architecture).str(), b.image});
  // Each platform checked itself (a difference fails its compose, and so this one).
  if (request.check_reproducible) {
    result.reproducible = ReproducibilityCheck{};
    for (const auto& b : builds) result.reproducible->paths += b.reproducible_paths;
  }
}

}  // namespace debimg
