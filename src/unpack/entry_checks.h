#pragma once
// What a package's entries may not be, beyond what dpkg's tar reader checks:
// each function throws Error "REASON" (the caller prefixes the package and
// the entry). dpkg refuses newlines in names (they would forge .list lines);
// the rest keeps an OCI layer from doing what the package could not do under
// dpkg: whiteouts, overlayfs xattrs, devices outside /dev, trees too deep to
// walk.
#include <string>
#include <utility>
#include <vector>

namespace debimg {

constexpr size_t kMaxPathDepth = 256;    // components
constexpr size_t kMaxPathLength = 4096;  // bytes, as PATH_MAX

// A raw tar name (or hardlink target): no newline, not too long.
void check_entry_name(const std::string& raw);
// A normalised tar path or a physical path: no component is an OCI whiteout
// (".wh.NAME", ".wh..wh..opq"), and it is not too long or deep.
void check_entry_path(const std::string& path);
// Extended attributes: only security.capability, a well-formed vfs_cap_data
// (validate/file_capability.h).
void check_xattrs(const std::vector<std::pair<std::string, std::string>>& xattrs);
// Where a device node lands after symlinks are resolved: under dev/.
void check_device_location(const std::string& physical);

struct PackageIdentity {
  std::string name, version, architecture;
};
// The control file's Package, Version and Architecture against the lock
// stanza the .deb was fetched for: a .deb may not pose as another package.
void check_identity(const PackageIdentity& control, const PackageIdentity& lock);

}  // namespace debimg
