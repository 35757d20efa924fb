#include "compose/output_path.h"

#include "unpack/package_dates.h"
#include "util/source_date_epoch.h"

namespace debimg {

std::filesystem::path output_path(const ComposeRequest& request, const Profile& profile) {
  if (!request.output.empty()) {
    // "out/" names the folder out: its temporaries and marker go beside it, not into it.
    std::filesystem::path out = std::filesystem::path(request.output).lexically_normal();
    return out.filename().empty() && out.has_parent_path() ? out.parent_path() : out;
  }
  return profile.name + (is_file_output(request.format) ? ".tar" : "");
}

int64_t source_date_epoch(const Profile& profile, const Lockfile& lock, const FetchResult& fetched, const Cache& cache) {
  if (const auto env = environment_source_date_epoch()) return *env;
  if (profile.source_date_epoch) return *profile.source_date_epoch;
  return packages_source_date_epoch(lock, fetched.files, &cache);
}

}  // namespace debimg
