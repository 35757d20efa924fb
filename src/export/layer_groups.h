#pragma once
// Which packages share an image layer under `layers: {strategy: packages}`.
// A package's group follows from its name alone (a hash), so adding,
// dropping or changing one package leaves every other group as it was: their
// layers keep their digests and come from the layer cache.
#include <string>
#include <vector>

namespace debimg {

// At most `layers` non-empty groups, each sorted by name: the essential set's
// groups first (two thirds of the layers when both kinds exist), then the
// rest's, then those of the `Architecture: all` packages (`shared`, given
// a quarter of the layers, at least one, when there are three or more):
// those groups hold the same packages on every platform of an image, so
// their layers are the same bytes and a registry stores them once.
// `layers` ≥ 1.
std::vector<std::vector<std::string>> group_packages(const std::vector<std::string>& essential,
                                                     const std::vector<std::string>& others,
                                                     const std::vector<std::string>& shared, unsigned layers);

}  // namespace debimg
