#pragma once
// Tree ownership across the sandbox boundary (id_map.h): while scripts run,
// a file of inner owner u belongs to build-namespace id base+u.
#include "configure/id_map.h"

namespace debimg {

// Gives every entry whose owner lies outside the scripts' range (what debimg
// or a host-side hook wrote as the build's root) the same inner owner inside
// it, so scripts own it as they would in a chroot. Nothing to do when the
// base is 0 (as a user).
void hand_tree_to_sandbox(int root_fd, const IdMap& ids);

// The inner id of a build-namespace owner: base+u is u; anything else is taken as it is.
unsigned inner_uid(const IdMap& ids, unsigned id);
unsigned inner_gid(const IdMap& ids, unsigned id);

}  // namespace debimg
