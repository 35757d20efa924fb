#pragma once
// A security.capability value as the kernel and libcap read it: a
// vfs_cap_data (linux/capability.h) whose size is the one its revision
// says, with no flag but "effective". Any other value is refused: the kernel
// ignores it at exec, and getcap, setcap and dpkg's tools reject it.
#include <cstddef>
#include <cstdint>
#include <string>

namespace debimg {

// Magic words (le32, the top byte is the revision) and sizes of vfs_cap_data.
constexpr uint32_t kVfsCapRevisionMask = 0xFF000000u;
constexpr uint32_t kVfsCapFlagsEffective = 0x000001u;
constexpr uint32_t kVfsCapRevision1 = 0x01000000u, kVfsCapRevision2 = 0x02000000u, kVfsCapRevision3 = 0x03000000u;
constexpr size_t kVfsCapSize1 = 12, kVfsCapSize2 = 20, kVfsCapSize3 = 24;

// "" when `value` is a well-formed vfs_cap_data, else why not ("20 bytes,
// but revision 3 takes 24").
std::string file_capability_problem(const std::string& value);

}  // namespace debimg
