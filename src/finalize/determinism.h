#pragma once
// What makes two composes of one lock differ unless removed: dates written
// into files by the scripts, and runtime leftovers. (mtimes are clamped when
// the tar is written.)
#include <cstdint>

namespace debimg {

// Clamps /etc/shadow's "last changed" days to the epoch's day, pins the
// dates in known Java keystores (java_keystore.h) and empties /tmp and
// /run, below `root_fd`.
void make_reproducible(int root_fd, int64_t source_date_epoch);

}  // namespace debimg
