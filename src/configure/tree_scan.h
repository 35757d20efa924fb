#pragma once
// The metadata table read back from the tree as it is (after
// maintainer scripts ran, ownership comes from scanning the tree inside the
// user namespace, never from on-disk owners outside it).
#include <string>
#include <vector>

#include "configure/fake_root_state.h"
#include "configure/id_map.h"
#include "unpack/file_table.h"

namespace debimg {

// Scans everything below `root_fd` (never following symlinks, never
// crossing a mount). `before` supplies what the disk cannot say: device
// nodes kept as placeholders, and each path's package. With `ids`, owners in
// the scripts' range are mapped back to inner ids (tree_owner.h). With
// `faked` (no namespaces), owners, modes and device nodes are fakeroot's,
// and a path it does not know is root's: the disk's owner is the builder.
FileTable scan_tree(int root_fd, const FileTable& before, const IdMap* ids = nullptr, const FakedOwners* faked = nullptr);

}  // namespace debimg
