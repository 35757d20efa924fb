#include "profile/host_apt.h"

#include <apt-pkg/configuration.h>
#include <apt-pkg/error.h>
#include <apt-pkg/fileutl.h>
#include <apt-pkg/init.h>
#include <apt-pkg/metaindex.h>
#include <apt-pkg/sourcelist.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "util/apt_config.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

std::vector<std::string> split_signed_by(const std::string& value) {
  if (value.find("BEGIN PGP") != std::string::npos) return {value};
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    std::string item = value.substr(start, end - start);
    item.erase(0, item.find_first_not_of(" \t\n"));
    item.erase(item.find_last_not_of(" \t\n") + 1);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

// The host's apt.conf as apt reads it: pkgInitConfig knows the architecture
// apt was built for and honours APT::Architecture and the proxies set there.
void read_host_apt_conf(HostApt& host) {
  Configuration cfg;
  if (!pkgInitConfig(cfg)) throw Error("cannot read the host's apt configuration: " + apt_errors());
  host.architecture = cfg.Find("APT::Architecture");
  if (host.architecture.empty()) throw Error("cannot tell the host's architecture from its apt configuration");
  host.http_proxy = cfg.Find("Acquire::http::Proxy");
  host.https_proxy = cfg.Find("Acquire::https::Proxy");
  if (const std::string netrc = cfg.FindFile("Dir::Etc::netrc"); !netrc.empty() && FileExists(netrc))
    host.auth_files.push_back(netrc);
  if (const std::string parts = cfg.FindDir("Dir::Etc::netrcparts"); !parts.empty() && DirectoryExists(parts))
    for (auto& part : GetListOfFilesInDir(parts, "conf", true, true)) host.auth_files.push_back(part);
  _error->Discard();  // notices about files apt would pass over too
}

}  // namespace

HostApt read_host_apt(const fs::path& etc_apt) {
  HostApt host;
  read_host_apt_conf(host);
  {
    ScopedAptConfig scope;
    Configuration& cfg = scope.config();
    cfg.Set("Dir", "/");
    cfg.Set("Dir::Etc", etc_apt.string() + "/");
    cfg.Set("Dir::Etc::sourcelist", "sources.list");
    cfg.Set("Dir::Etc::sourceparts", "sources.list.d");
    cfg.Set("APT::Architecture", host.architecture);
    pkgSourceList list;
    if (!list.ReadMainList())
      throw Error("cannot read the host's apt sources in " + etc_apt.string() + ": " + apt_errors());
    for (const metaIndex* index : list) {
      if (std::string(index->GetType()) != "deb") continue;
      HostSource s;
      s.uri = index->GetURI();
      s.suite = index->GetDist();
      s.signed_by = split_signed_by(index->GetSignedBy());
      host.sources.push_back(std::move(s));
    }
  }
  std::error_code ec;
  if (fs::exists(etc_apt / "trusted.gpg", ec)) host.trusted_keyrings.push_back((etc_apt / "trusted.gpg").string());
  std::vector<std::string> parts;
  for (const auto& entry : fs::directory_iterator(etc_apt / "trusted.gpg.d", ec)) {
    auto ext = entry.path().extension();
    if (ext == ".gpg" || ext == ".asc") parts.push_back(entry.path().string());
  }
  std::sort(parts.begin(), parts.end());
  host.trusted_keyrings.insert(host.trusted_keyrings.end(), parts.begin(), parts.end());
  return host;
}

void use_apt_proxies(const HostApt& host) {
  for (const auto& [variable, proxy] : {std::pair{"http_proxy", host.http_proxy}, std::pair{"https_proxy", host.https_proxy}}) {
    const char* upper = variable[4] == '_' ? "HTTP_PROXY" : "HTTPS_PROXY";
    if (proxy.empty() || proxy == "DIRECT" || std::getenv(variable) || std::getenv(upper)) continue;
    ::setenv(variable, proxy.c_str(), 1);
  }
}

}  // namespace debimg
