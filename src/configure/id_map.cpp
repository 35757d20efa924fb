#include "configure/id_map.h"

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "util/error.h"

namespace debimg {

namespace {

// The first "name-or-id:start:count" line for the caller with enough ids.
bool find_range(const std::filesystem::path& file, const std::string& name, unsigned id, IdRange& out) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string who, start, count;
    if (!std::getline(fields, who, ':') || !std::getline(fields, start, ':') || !std::getline(fields, count)) continue;
    if (who != name && who != std::to_string(id)) continue;
    try {
      unsigned long s = std::stoul(start), c = std::stoul(count);
      if (c < kNeededIds) continue;
      out.start = static_cast<unsigned>(s);
      out.count = kNeededIds;
      return true;
    } catch (const std::exception&) {
      continue;
    }
  }
  return false;
}

}  // namespace

unsigned IdMap::outer_uid(unsigned inner) const {
  if (identity) return inner;
  return inner == 0 ? uid.outer_self : uid.start + inner - 1;
}

unsigned IdMap::outer_gid(unsigned inner) const {
  if (identity) return inner;
  return inner == 0 ? gid.outer_self : gid.start + inner - 1;
}

IdMap detect_id_map(const std::filesystem::path& subuid, const std::filesystem::path& subgid) {
  IdMap map;
  const uid_t uid = ::getuid();
  const gid_t gid = ::getgid();
  if (uid == 0) {
    map.identity = true;
    map.user = "root";
    return map;
  }
  struct passwd* pw = ::getpwuid(uid);
  map.user = pw ? pw->pw_name : std::to_string(uid);
  map.uid.outer_self = uid;
  map.gid.outer_self = gid;
  bool has_uid = find_range(subuid, map.user, uid, map.uid);
  bool has_gid = find_range(subgid, map.user, uid, map.gid);
  if (!has_uid || !has_gid)
    throw Error("user " + map.user + " has no subordinate id range of " + std::to_string(kNeededIds) +
                " ids, which running maintainer scripts without root needs; as root, add the line '" + map.user +
                ":100000:65536' to " + (has_uid ? subgid.string() : subuid.string()) +
                (has_uid || has_gid ? "" : " and to " + subgid.string()) +
                " (pick a start no other user's range overlaps), and install newuidmap/newgidmap (package uidmap)");
  return map;
}

}  // namespace debimg
