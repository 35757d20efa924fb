#include "sbom/sbom_input.h"

#include "util/source_date_epoch.h"

namespace debimg {

int64_t sbom_epoch(int64_t fallback) { return environment_source_date_epoch().value_or(fallback); }

}  // namespace debimg
