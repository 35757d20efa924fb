#pragma once
// What compose may replace at -o, decided before any work: nothing (a
// missing path, an empty folder or file), or an output of the same format
// that debimg wrote. Anything else is refused unless --force, so a user's
// folder or file is never deleted by a compose pointed at it.
//
// Recognised as debimg's: an OCI layout holding only what debimg writes
// (oci-layout, index.json, blobs/sha256/<digest>); a dir output whose
// marker (.NAME.debimg beside it) names that very folder by device and
// inode; an oci-archive or docker-archive holding only a layout's entries
// (and docker's manifest.json, repositories); a rootfs tar whose first
// entry is "./", as debimg writes it.
#include <filesystem>

#include "compose/compose_request.h"

namespace debimg {

// Throws Error (one line: the path, what it is, the way out) when `output`
// must not be replaced by a `format` output; `force` accepts anything.
void check_output_target(const std::filesystem::path& output, OutputFormat format, bool force);

// A dir output's marker, written beside `output` before the staged folder
// `staged` is renamed there (a rename keeps the folder's device and inode).
void mark_dir_output(const std::filesystem::path& output, const std::filesystem::path& staged);

}  // namespace debimg
