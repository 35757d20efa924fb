#include "compose/output_path.h"

#include <cstdlib>

namespace debimg {

std::filesystem::path output_path(const ComposeRequest& request, const Profile& profile) {
  if (!request.output.empty()) return request.output;
  return profile.name + (is_file_output(request.format) ? ".tar" : "");
}

int64_t source_date_epoch(const Lockfile& lock) {
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) return std::atoll(e);
  return lock.source_date_epoch();
}

}  // namespace debimg
