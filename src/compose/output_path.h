#pragma once
// What every way of building an output settles first: where it goes and
// the epoch it is stamped with.
#include <cstdint>
#include <filesystem>

#include "compose/compose_request.h"
#include "lock/lockfile.h"
#include "profile/profile.h"

namespace debimg {

// --output, else NAME (NAME.tar for the tar formats) in the current folder.
std::filesystem::path output_path(const ComposeRequest& request, const Profile& profile);

// SOURCE_DATE_EPOCH from the environment, else the newest InRelease Date in the lock.
int64_t source_date_epoch(const Lockfile& lock);

}  // namespace debimg
