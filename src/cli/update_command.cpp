// `debimg update PROFILE.yaml`: what `apt-get update` is to apt — every suite's
// InRelease verified and its indexes fetched into the cache, nothing else.
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "profile/archive_suite.h"
#include "profile/host_apt.h"
#include "profile/profile_parser.h"
#include "repo/metadata_loader.h"
#include "util/strings.h"

namespace debimg {

int update_command(const UpdateCommand& cmd, const Output& out) {
  HostApt host = read_host_apt();
  use_apt_proxies(host);
  Profile profile = load_profile(cmd.profile, host.architecture);
  std::vector<ArchiveSuite> suites = resolve_archive_suites(profile, host);
  Cache cache(cmd.cache_dir);

  // Every architecture's indexes; the suites' facts are reported once (from the first).
  std::vector<SuiteMetadata> metadata;
  for (const auto& arch : profile.architectures) {
    MetadataOptions options;
    options.architecture = arch;
    options.offline = cmd.offline;
    options.freshness = cmd.freshness;
    options.warn = options.http.on_retry = options.http.on_stall = print_warning;
    if (::isatty(2)) options.progress = [](const std::string& p) { std::cerr << p << "\n"; };
    std::vector<SuiteMetadata> loaded = load_metadata(suites, cache, options);
    if (metadata.empty()) {
      metadata = std::move(loaded);
      continue;
    }
    for (size_t i = 0; i < loaded.size(); ++i)
      metadata[i].indexes.insert(metadata[i].indexes.end(), loaded[i].indexes.begin(), loaded[i].indexes.end());
  }

  nlohmann::json result = nlohmann::json::array();
  std::ostringstream text;
  size_t downloaded = 0, cached = 0;
  for (const auto& m : metadata) {
    nlohmann::json indexes = nlohmann::json::array();
    text << m.archive.suite << ": " << (m.verified ? "verified, signed by " + join(m.signers) : "NOT verified (trusted)")
         << "; Origin " << m.release.origin << ", Date " << m.release.date << "\n";
    for (const auto& i : m.indexes) {
      (i.downloaded ? downloaded : cached)++;
      text << "  " << i.path << " " << i.size << " bytes " << (i.downloaded ? "downloaded" : "cached") << "\n";
      indexes.push_back({{"path", i.path}, {"sha256", i.sha256}, {"size", i.size}, {"downloaded", i.downloaded}});
    }
    result.push_back({{"suite", m.archive.suite},
                      {"uri", m.uri},
                      {"origin", m.release.origin},
                      {"date", m.release.date},
                      {"valid-until", m.release.valid_until},
                      {"inrelease-sha256", m.inrelease_sha256},
                      {"verified", m.verified},
                      {"signers", m.signers},
                      {"indexes", indexes}});
  }
  text << downloaded << " index(es) downloaded, " << cached << " from the cache\n";
  out.result({{"suites", result}, {"downloaded", downloaded}, {"cached", cached}}, text.str());
  return 0;
}

}  // namespace debimg
