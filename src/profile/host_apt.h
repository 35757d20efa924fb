#pragma once
// What the host's apt configuration says that debimg uses as defaults: the
// archives it points at, their keyrings, and the host's architecture.
#include <filesystem>
#include <string>
#include <vector>

namespace debimg {

struct HostSource {
  std::string uri;                     // with a trailing slash, as apt keeps it
  std::string suite;
  std::vector<std::string> signed_by;  // keyring paths or fingerprints or an inline key; may be empty
};

struct HostApt {
  std::vector<HostSource> sources;             // "deb" entries only, in apt's reading order
  std::vector<std::string> trusted_keyrings;   // /etc/apt/trusted.gpg{,.d/*}: apt's fallback
  std::string architecture;
  std::string http_proxy, https_proxy;         // Acquire::http(s)::Proxy from apt.conf
  // apt's login files in the order apt reads them: Dir::Etc::netrc, then
  // Dir::Etc::netrcparts/*.conf (/etc/apt/auth.conf, /etc/apt/auth.conf.d).
  std::vector<std::string> auth_files;
};

// Reads `<etc_apt>/sources.list` and `<etc_apt>/sources.list.d/*.{list,sources}`
// with libapt-pkg's own parser, so one-line and deb822 files, options like
// [signed-by=…] and `Enabled: no` mean what they mean to apt. Nothing is written.
HostApt read_host_apt(const std::filesystem::path& etc_apt = "/etc/apt");

// apt's proxies for debimg's downloads too (a shared apt-cacher-ng, say):
// Acquire::http(s)::Proxy becomes http(s)_proxy for libcurl, unless the
// environment names a proxy already ("DIRECT" means none).
void use_apt_proxies(const HostApt& host);

}  // namespace debimg
