#include "profile/host_apt.h"

#include <apt-pkg/configuration.h>
#include <apt-pkg/error.h>
#include <apt-pkg/init.h>
#include <apt-pkg/metaindex.h>
#include <apt-pkg/sourcelist.h>

#include <algorithm>
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

std::string host_architecture() {
  // pkgInitConfig knows the architecture apt was built for, and honours
  // APT::Architecture from the host's apt.conf just as apt does.
  Configuration cfg;
  if (!pkgInitConfig(cfg)) throw Error("cannot read the host's apt configuration: " + apt_errors());
  std::string arch = cfg.Find("APT::Architecture");
  if (arch.empty()) throw Error("cannot tell the host's architecture from its apt configuration");
  return arch;
}

}  // namespace

HostApt read_host_apt(const fs::path& etc_apt) {
  HostApt host;
  host.architecture = host_architecture();
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

}  // namespace debimg
