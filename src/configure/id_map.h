#pragma once
// How ids map across debimg's two user namespaces.
//  - The build namespace (where debimg unpacks and exports): as root, the
//    identity; as anyone else, inner 0 is the caller and inner 1..N a
//    subordinate range from /etc/subuid and /etc/subgid (newuidmap).
//  - The sandbox namespace, nested in it, where maintainer scripts and hooks
//    run: inner 0..65535 map to build-namespace ids base..base+65535. As root
//    the base is root's subordinate range, or kFixedRangeStart when root has
//    none, so the scripts' root is never host root; as a user it is 0.
// A tree file of inner owner u therefore belongs to build-namespace id
// base+u while scripts run; scanning maps it back.
#include <sys/types.h>

#include <filesystem>
#include <string>

namespace debimg {

struct IdRange {
  unsigned outer_self = 0;  // the caller's uid (or gid): inner 0
  unsigned start = 0;       // outer id of inner 1
  unsigned count = 0;       // inner 1..count
};

struct IdMap {
  bool identity = false;  // running as root: the build namespace maps every id to itself
  IdRange uid, gid;       // the build namespace's map when not root
  unsigned sandbox_uid_base = 0, sandbox_gid_base = 0;  // build-namespace ids of the scripts' inner 0
  std::string user;       // for messages
  std::string sandbox_range_source;  // where the scripts' range came from, for messages

  // The outer id of an inner one (build namespace).
  unsigned outer_uid(unsigned inner) const;
  unsigned outer_gid(unsigned inner) const;
};

// Minimum range: every id a Debian system uses, nobody (65534) included.
constexpr unsigned kNeededIds = 65536;
// Scripts' ids as root without a subordinate range of root's: 0x70000000,
// where systemd's UID ranges leave room (above container ranges, below 2^31).
constexpr unsigned kFixedRangeStart = 1879048192;

// Reads /etc/subuid and /etc/subgid (paths overridable for tests); throws
// Error with the exact lines to add when the caller has no usable range, or
// (as root) when the fixed range overlaps a range given to someone.
IdMap detect_id_map(const std::filesystem::path& subuid = "/etc/subuid",
                    const std::filesystem::path& subgid = "/etc/subgid");

}  // namespace debimg
