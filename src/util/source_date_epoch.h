#pragma once
// The SOURCE_DATE_EPOCH environment variable (reproducible-builds.org), which
// overrides every date debimg would choose.
#include <cstdint>
#include <optional>

namespace debimg {

// nullopt when unset or empty; throws Error when it is not digits only.
std::optional<int64_t> environment_source_date_epoch();

}  // namespace debimg
