#pragma once
// The package closure of a profile, computed by libapt-pkg's own resolver on
// the verified metadata (see apt_root.h): variant seeds, `packages`,
// `exclude`, `merged-usr`, `local-debs`.
#include <filesystem>
#include <vector>

#include "profile/profile.h"
#include "repo/suite_metadata.h"
#include "resolve/resolution.h"
#include "cache/cache.h"

namespace debimg {

// Throws InputError (pointing into the profile) for requests that cannot be
// met, and Error with apt's explanation for unsatisfiable dependencies.
// `suites` were loaded for `architecture`, one of the profile's.
Resolution resolve_packages(const Profile& profile, const std::vector<SuiteMetadata>& suites, const Cache& cache,
                            const std::string& architecture);

// The .deb files the profile's `local-debs` name (a folder: the .debs in it), sorted per entry.
std::vector<std::filesystem::path> local_deb_files(const Profile& profile);

}  // namespace debimg
