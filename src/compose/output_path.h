#pragma once
// What every way of building an output settles first: where it goes and
// the epoch it is stamped with.
#include <cstdint>
#include <filesystem>

#include "cache/cache.h"
#include "compose/compose_request.h"
#include "fetch/package_fetcher.h"
#include "lock/lockfile.h"
#include "profile/profile.h"

namespace debimg {

// --output, else NAME (NAME.tar for the tar formats) in the current folder.
std::filesystem::path output_path(const ComposeRequest& request, const Profile& profile);

// SOURCE_DATE_EPOCH: the environment's, else the profile's source-date-epoch,
// else the newest changelog date of the fetched packages (unpack/package_dates.h).
// Never a Release date, never the clock (docs/reproducibility.md).
int64_t source_date_epoch(const Profile& profile, const Lockfile& lock, const FetchResult& fetched, const Cache& cache);

}  // namespace debimg
