#pragma once
// apt-get's "The following packages have unmet dependencies", as one line.
#include <apt-pkg/cachefile.h>

#include <string>

namespace debimg {

// Every package marked for install whose dependencies are broken.
std::string unmet_dependencies(pkgCacheFile& cache);

// Why apt would not install `pkg` at all: the Depends/Pre-Depends of its
// candidate that nothing installable satisfies.
std::string uninstallable_reason(pkgCacheFile& cache, const pkgCache::PkgIterator& pkg);

}  // namespace debimg
