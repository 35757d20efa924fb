#pragma once
// A run's temporaries (scratch trees and layouts in the cache, staged
// outputs beside their final path, downloads) are live while a process of
// that run holds a flock on them; what a killed run left behind is found by
// trying that lock, so cleaning never touches another live run's files —
// on a cache shared by many builders too.
#include <filesystem>
#include <functional>
#include <string>

#include "util/fd.h"

namespace debimg {

// Opens `path` (a file or a folder) and takes its lock; throws Error.
UniqueFd lock_temporary(const std::filesystem::path& path);

// Locks a temporary handed on by path (Cache::new_temp_file) until
// release_temporary(path) or the end of the process.
void hold_temporary(const std::filesystem::path& path);
void release_temporary(const std::filesystem::path& path);

// Removes every entry of `dir` that `match` accepts, no live run holds and
// is older than a moment (the lock follows creation by microseconds).
// `remove` removes one (the default: remove_all); returns how many went.
size_t remove_stale_temporaries(const std::filesystem::path& dir, const std::function<bool(const std::string&)>& match,
                                const std::function<void(const std::filesystem::path&)>& remove = {});

}  // namespace debimg
