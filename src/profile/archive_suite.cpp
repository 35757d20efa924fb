#include "profile/archive_suite.h"

#include "profile/apt_auth.h"
#include "util/uri_userinfo.h"

namespace debimg {

namespace {

bool is_security(const std::string& suite) {
  const std::string tail = "-security";
  return suite.size() > tail.size() && suite.compare(suite.size() - tail.size(), tail.size(), tail) == 0;
}

std::string with_slash(std::string uri) {
  if (uri.empty() || uri.back() != '/') uri += '/';
  return uri;
}

// The host source that serves `suite` by the rule of resolve_archive_suites (archive_suite.h), or nullptr.
const HostSource* host_source_for(const std::string& suite, const HostApt& host) {
  for (const auto& s : host.sources)
    if (s.suite == suite) return &s;
  for (const auto& s : host.sources)
    if (is_security(s.suite) == is_security(suite)) return &s;
  return nullptr;
}

const HostSource* host_source_at(const std::string& uri, const HostApt& host) {
  for (const auto& s : host.sources)
    if (with_slash(without_userinfo(s.uri)) == with_slash(without_userinfo(uri))) return &s;
  return nullptr;
}

// `uri` without its userinfo into the suite; the userinfo (else apt's
// auth.conf entry) kept aside for downloads.
void add_uri(ArchiveSuite& a, const std::string& uri, const HostApt& host) {
  UriUserinfo split = split_userinfo(uri);
  const std::string clean = with_slash(split.uri);
  a.uris.push_back(clean);
  std::optional<HttpLogin> login;
  if (split.present) {
    if (std::string origin = url_origin(clean); !origin.empty()) login = HttpLogin{origin, split.login, split.password};
  } else {
    login = apt_auth_login(host.auth_files, clean);
  }
  if (login) a.logins[clean] = *login;
}

// Keyring files (and inline keys) among a host source's Signed-By values;
// a bare fingerprint there means "one of apt's trusted keyrings".
std::vector<std::string> host_keyrings(const HostSource* source, const HostApt& host) {
  std::vector<std::string> out;
  if (source)
    for (const auto& value : source->signed_by)
      if (value.front() == '/' || value.find("BEGIN PGP") != std::string::npos) out.push_back(value);
  if (out.empty()) out = host.trusted_keyrings;
  return out;
}

}  // namespace

std::vector<ArchiveSuite> resolve_archive_suites(const Profile& profile, const HostApt& host) {
  std::vector<ArchiveSuite> out;
  for (size_t i = 0; i < profile.sources.size(); ++i) {
    const Source& src = profile.sources[i];
    for (const auto& suite : src.suites) {
      ArchiveSuite a;
      a.source_index = i;
      a.suite = suite;
      a.components = src.components;
      a.trusted = src.trusted;
      a.check_valid_until = src.check_valid_until;
      a.codename = src.codename;
      const HostSource* host_match = nullptr;
      if (!src.uris.empty()) {
        for (const auto& uri : src.uris) add_uri(a, uri, host);
        host_match = host_source_at(src.uris.front(), host);
        if (!host_match) host_match = host_source_for(suite, host);
      } else {
        host_match = host_source_for(suite, host);
        const std::string field = "sources[" + std::to_string(i) + "]";
        if (!host_match)
          throw InputError(profile.where(field), field,
                           "no `uris` given, and the host's apt sources list no " +
                               std::string(is_security(suite) ? "security archive (a *-security suite)" : "archive") +
                               " to take them from for suite '" + suite + "'; add `uris:` to this source");
        add_uri(a, host_match->uri, host);
        a.uris_from_host = true;
      }
      if (!src.signed_by.empty()) {
        for (const auto& k : src.signed_by)
          a.keyrings.push_back(k.find("BEGIN PGP") != std::string::npos ? k : profile.resolve_path(k).string());
      } else if (!src.trusted) {
        a.keyrings = host_keyrings(host_match, host);
        a.keyrings_from_host = true;
        if (a.keyrings.empty()) {
          const std::string field = "sources[" + std::to_string(i) + "]";
          throw InputError(profile.where(field), field,
                           "no `signed-by` given and the host has no apt keyring for suite '" + suite +
                               "'; add `signed-by:` with the archive's keyring");
        }
      }
      out.push_back(std::move(a));
    }
  }
  return out;
}

HttpOptions with_login(HttpOptions http, const ArchiveSuite& suite, const std::string& uri) {
  if (auto it = suite.logins.find(uri); it != suite.logins.end()) http.login = it->second;
  return http;
}

}  // namespace debimg
