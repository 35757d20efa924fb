#pragma once
// One suite of one source with every default settled: where to fetch it from
// and which keyrings must have signed it. The repo stage works from these.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "profile/host_apt.h"
#include "profile/profile.h"
#include "util/http.h"

namespace debimg {

struct ArchiveSuite {
  size_t source_index = 0;             // position in Profile::sources
  std::string suite;
  std::vector<std::string> components;
  std::vector<std::string> uris;       // each with a trailing slash, never with userinfo
  // Per entry of `uris`: the URI's own userinfo, else apt's auth.conf. For
  // downloads from that origin only; never printed or written.
  std::map<std::string, HttpLogin> logins;
  std::vector<std::string> keyrings;   // absolute keyring paths or inline armored keys
  bool trusted = false;
  bool check_valid_until = true;
  std::string codename;  // Source::codename
  bool uris_from_host = false;
  bool keyrings_from_host = false;
};

// Applies the default URIs and keyrings (README, "Signed metadata"):
// a `*-security` suite takes the host source that serves a `*-security`
// suite; any other suite the host's source for that suite, else the host's
// main archive. No usable host source → an InputError asking for `uris`.
std::vector<ArchiveSuite> resolve_archive_suites(const Profile& profile, const HostApt& host);

// `http` with the login for downloads under `uri` (one of `suite.uris`), if any.
HttpOptions with_login(HttpOptions http, const ArchiveSuite& suite, const std::string& uri);

}  // namespace debimg
