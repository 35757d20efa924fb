#include "configure/id_map.h"

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <tuple>
#include <vector>

#include "util/error.h"

namespace debimg {

namespace {

struct SubRange {
  std::string who;
  unsigned long start = 0, count = 0;
  size_t line = 0;
};

std::vector<SubRange> read_ranges(const std::filesystem::path& file) {
  std::vector<SubRange> out;
  std::ifstream in(file);
  size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    std::istringstream fields(line);
    SubRange r;
    std::string start, count;
    if (!std::getline(fields, r.who, ':') || !std::getline(fields, start, ':') || !std::getline(fields, count)) continue;
    try {
      r.start = std::stoul(start);
      r.count = std::stoul(count);
    } catch (const std::exception&) {
      continue;
    }
    r.line = number;
    out.push_back(r);
  }
  return out;
}

// The first "name-or-id:start:count" line for the caller with enough ids.
bool find_range(const std::vector<SubRange>& ranges, const std::string& name, unsigned id, unsigned long& start) {
  for (const auto& r : ranges)
    if ((r.who == name || r.who == std::to_string(id)) && r.count >= kNeededIds) {
      start = r.start;
      return true;
    }
  return false;
}

// Root without a range of its own: the fixed range, if nobody else was given any of it.
unsigned fixed_base(const std::vector<SubRange>& ranges, const std::filesystem::path& file) {
  const unsigned long lo = kFixedRangeStart, hi = lo + kNeededIds;
  for (const auto& r : ranges)
    if (r.start < hi && r.start + r.count > lo)
      throw Error("the id range debimg gives maintainer scripts as root (" + std::to_string(lo) + "-" +
                  std::to_string(hi - 1) + ") overlaps " + file.string() + ":" + std::to_string(r.line) + " (" + r.who +
                  "); give root a range of its own there, e.g. 'root:" + std::to_string(lo + 2 * kNeededIds) + ":" +
                  std::to_string(kNeededIds) + "'");
  return kFixedRangeStart;
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
  const std::vector<SubRange> uids = read_ranges(subuid), gids = read_ranges(subgid);
  struct passwd* pw = ::getpwuid(uid);
  map.user = pw ? pw->pw_name : std::to_string(uid);
  if (uid == 0) {
    // As mmdebstrap --mode=unshare does as root: root's own subordinate range, else a fixed one.
    map.identity = true;
    unsigned long u = 0, g = 0;
    const bool own_u = find_range(uids, map.user, uid, u), own_g = find_range(gids, map.user, uid, g);
    // Below 65536 the scripts' ids would be the host's own users and groups
    // (and hand_tree_to_sandbox could not tell a script's file from a real one).
    for (const auto& [own, start, file] : {std::tuple{own_u, u, subuid}, std::tuple{own_g, g, subgid}})
      if (own && start < kNeededIds)
        throw Error("root's subordinate range in " + file.string() + " starts at " + std::to_string(start) +
                    ", below " + std::to_string(kNeededIds) +
                    ": the maintainer scripts' ids would be the host's own; give root a range from " +
                    std::to_string(kNeededIds) + " up, or remove its line (debimg then uses its fixed range)");
    map.sandbox_uid_base = own_u ? static_cast<unsigned>(u) : fixed_base(uids, subuid);
    map.sandbox_gid_base = own_g ? static_cast<unsigned>(g) : fixed_base(gids, subgid);
    map.sandbox_range_source = own_u && own_g ? "root's range in " + subuid.string()
                                              : "debimg's fixed range from " + std::to_string(kFixedRangeStart);
    return map;
  }
  map.uid.outer_self = uid;
  map.gid.outer_self = gid;
  unsigned long u = 0, g = 0;
  const bool has_uid = find_range(uids, map.user, uid, u);
  const bool has_gid = find_range(gids, map.user, uid, g);
  if (!has_uid || !has_gid)
    throw Error("user " + map.user + " has no subordinate id range of " + std::to_string(kNeededIds) +
                " ids, which running maintainer scripts without root needs; as root, add the line '" + map.user +
                ":100000:65536' to " + (has_uid ? subgid.string() : subuid.string()) +
                (has_uid || has_gid ? "" : " and to " + subgid.string()) +
                " (pick a start no other user's range overlaps), and install newuidmap/newgidmap (package uidmap)");
  map.uid.start = static_cast<unsigned>(u);
  map.gid.start = static_cast<unsigned>(g);
  map.uid.count = map.gid.count = kNeededIds;
  map.sandbox_range_source = "the ids of " + map.user + " and its range in " + subuid.string();
  return map;
}

}  // namespace debimg
