// `debimg profile PROFILE.yaml`: the profile as debimg understands it, every
// default filled and the host's sources applied — what compose would start from.
#include <sstream>

#include "util/strings.h"

#include "cli/commands.h"
#include "profile/archive_suite.h"
#include "profile/canonical.h"
#include "profile/host_apt.h"
#include "profile/profile_parser.h"

namespace debimg {

namespace {

// Where each hook that names a file was found: beside the profile, or among the shipped ones (`debimg paths`).
nlohmann::json hook_files(const Hooks& hooks, std::ostringstream& text) {
  nlohmann::json out = nlohmann::json::object();
  const std::pair<const char*, const std::vector<Hook>*> stages[] = {
      {"setup", &hooks.setup}, {"extract", &hooks.extract}, {"essential", &hooks.essential}, {"customize", &hooks.customize}};
  for (const auto& [stage, list] : stages)
    for (const Hook& h : *list) {
      if (h.path.empty()) continue;
      out[stage].push_back({{"hook", h.path}, {"file", h.resolved.string()}, {"shipped", h.shipped}});
      text << "  " << stage << ": " << h.path << " → " << h.resolved.string() << (h.shipped ? " (shipped)" : "") << "\n";
    }
  return out;
}

}  // namespace

int profile_command(const ProfileCommand& cmd, const Output& out) {
  HostApt host = read_host_apt();
  Profile profile = load_profile(cmd.profile, host.architecture);
  std::vector<ArchiveSuite> suites = resolve_archive_suites(profile, host);

  nlohmann::json archives = nlohmann::json::array();
  std::ostringstream text;
  text << "profile:       " << profile.file.string() << "\n"
       << "name:          " << profile.name << "\n"
       << "architectures: " << join(profile.architectures, " ") << "\n"
       << "variant:       " << to_string(profile.variant) << "\n"
       << "inputs-digest: " << inputs_digest(profile) << "\n"
       << "suites:\n";
  for (const auto& s : suites) {
    archives.push_back({{"suite", s.suite},
                        {"components", s.components},
                        {"uris", s.uris},
                        {"keyrings", s.keyrings},
                        {"trusted", s.trusted},
                        {"uris-from-host", s.uris_from_host},
                        {"keyrings-from-host", s.keyrings_from_host}});
    text << "  " << s.suite << " (" << s.uris.front() << (s.uris_from_host ? ", from the host" : "") << ")";
    if (s.trusted)
      text << " UNSIGNED (trusted: true)";
    else
      text << " signed by " << s.keyrings.size() << " keyring(s)";
    text << "\n";
  }
  text << "packages:      " << profile.packages.size() << " requested, " << profile.exclude.size() << " excluded\n"
       << "hook files:\n";
  const nlohmann::json hooks = hook_files(profile.hooks, text);
  text << "canonical:\n" << canonical_json(profile).dump(2) << "\n";
  nlohmann::json result{{"profile", profile.file.string()},
                        {"hook-files", hooks},
                        {"inputs-digest", inputs_digest(profile)},
                        {"canonical", canonical_json(profile)},
                        {"archives", archives}};
  out.result(result, text.str());
  return 0;
}

}  // namespace debimg
