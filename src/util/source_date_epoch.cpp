#include "util/source_date_epoch.h"

#include <cstdlib>
#include <string>

#include "util/error.h"

namespace debimg {

std::optional<int64_t> environment_source_date_epoch() {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (!env || !*env) return std::nullopt;
  const std::string text = env;
  if (text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    throw Error("SOURCE_DATE_EPOCH: '" + text.substr(0, 32) + "' is not a number of seconds");
  return std::stoll(text);
}

}  // namespace debimg
