#pragma once
// How ids inside debimg's user namespace map to ids outside it.
// As root: the identity. As anyone else: inner 0 is the caller and inner
// 1..N a subordinate range from /etc/subuid and /etc/subgid (newuidmap).
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
  bool identity = false;  // running as root: every id maps to itself
  IdRange uid, gid;
  std::string user;       // for messages

  // The outer id of an inner one.
  unsigned outer_uid(unsigned inner) const;
  unsigned outer_gid(unsigned inner) const;
};

// Minimum range: every id a Debian system uses, nobody (65534) included.
constexpr unsigned kNeededIds = 65536;

// Reads /etc/subuid and /etc/subgid (paths overridable for tests); throws
// Error with the exact lines to add when the caller has no usable range.
IdMap detect_id_map(const std::filesystem::path& subuid = "/etc/subuid",
                    const std::filesystem::path& subgid = "/etc/subgid");

}  // namespace debimg
