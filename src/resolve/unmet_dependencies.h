#pragma once
// apt-get's "The following packages have unmet dependencies" as one line.
#include <apt-pkg/cachefile.h>

#include <string>

namespace debimg {
std::string unmet_dependencies(pkgCacheFile& cache);
}
