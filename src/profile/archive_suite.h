#pragma once
// One suite of one source with every default settled: where to fetch it from
// and which keyrings must have signed it. The repo stage works from these.
#include <string>
#include <vector>

#include "profile/host_apt.h"
#include "profile/profile.h"

namespace debimg {

struct ArchiveSuite {
  size_t source_index = 0;             // position in Profile::sources
  std::string suite;
  std::vector<std::string> components;
  std::vector<std::string> uris;       // each with a trailing slash
  std::vector<std::string> keyrings;   // absolute keyring paths or inline armored keys
  bool trusted = false;
  bool check_valid_until = true;
  bool uris_from_host = false;
  bool keyrings_from_host = false;
};

// Applies DESIGN.md's Decisions on default URIs and keyrings:
// a `*-security` suite takes the host source that serves a `*-security`
// suite; any other suite the host's source for that suite, else the host's
// main archive. No usable host source → an InputError asking for `uris`.
std::vector<ArchiveSuite> resolve_archive_suites(const Profile& profile, const HostApt& host);

}  // namespace debimg
