// `debimg lock PROFILE.yaml`: resolve against verified metadata and write
// PROFILE.lock; --check, --check --upstream, --update and --why.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "diff/update_fixes.h"
#include "lock/lock_builder.h"
#include "profile/host_apt.h"
#include "profile/profile_parser.h"
#include "lock/lock_resolution.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

struct Session {
  Profile profile;
  std::vector<ArchiveSuite> suites;
  Cache cache;
  fs::path lock_path;
};

LockOptions lock_options(const LockCommand& cmd) {
  LockOptions o;
  o.offline = cmd.offline;
  o.warn = [](const std::string& w) { std::cerr << "debimg: warning: " << w << "\n"; };
  if (::isatty(2)) o.progress = [](const std::string& p) { std::cerr << p << "\n"; };
  return o;
}

Lockfile resolve_now(const Session& s, const LockCommand& cmd) {
  return resolve_lock(s.profile, s.suites, s.cache, lock_options(cmd));
}

using Fixes = std::map<std::string, ChangelogFixes>;  // name:arch → what its new changelog names

// The fixes of a "name:arch old → new" line of LockChanges::changed.
const ChangelogFixes* fixes_of(const Fixes& fixes, const std::string& changed) {
  auto it = fixes.find(changed.substr(0, changed.find(' ')));
  return it == fixes.end() ? nullptr : &it->second;
}

nlohmann::json changes_json(const LockChanges& c, const Fixes& fixes = {}) {
  nlohmann::json j{{"added", c.added}, {"removed", c.removed}, {"changed", c.changed}};
  j["fixes"] = nlohmann::json::object();
  for (const auto& [key, f] : fixes)
    j["fixes"][key] = {{"cves", f.cves}, {"bugs", f.bugs}, {"changelog", f.found}};
  return j;
}

std::string changes_text(const LockChanges& c, const Fixes& fixes = {}) {
  std::ostringstream t;
  for (const auto& a : c.added) t << "  + " << a << "\n";
  for (const auto& r : c.removed) t << "  - " << r << "\n";
  for (const auto& u : c.changed) {
    t << "  ~ " << u << "\n";
    if (const ChangelogFixes* f = fixes_of(fixes, u)) {
      if (!f->found) t << "      (no changelog in the new .deb)\n";
      else if (!f->empty()) t << "      " << fixes_text(*f) << "\n";
    }
  }
  return t.str();
}

// What the changed packages' new changelogs say they fix (their .debs fetched into the cache).
// Best effort: the lock's answer does not wait on a .deb that cannot be had now.
Fixes fixes_of_update(const Session& s, const LockCommand& cmd, const Lockfile& before, const Lockfile& after) {
  try {
    return update_fixes(before, after, s.suites, s.profile, s.cache, cmd.offline);
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    std::cerr << "debimg: warning: cannot tell what the update fixes: " << e.what() << "\n";
    return {};
  }
}

uint64_t download_size(const Lockfile& lock) {
  uint64_t total = 0;
  for (const auto& p : lock.packages) total += p.size;
  return total;
}

// --why PKG: the chain in one architecture's image (--arch), or in each of
// the lock's, labelled when there are several.
int why_command(const Lockfile& lock, const LockCommand& cmd, const Output& out) {
  const std::vector<std::string> archs = cmd.arch.empty() ? lock.architectures : std::vector<std::string>{cmd.arch};
  nlohmann::json per_arch = nlohmann::json::object();
  std::string text;
  for (const auto& arch : archs) {
    const Lockfile one = lock.platform(arch);
    if (archs.size() > 1 && std::none_of(one.packages.begin(), one.packages.end(),
                                         [&](const ResolvedPackage& p) { return p.name == cmd.why; })) {
      text += arch + ": not in this architecture's image\n";
      per_arch[arch] = nullptr;
      continue;
    }
    const std::vector<std::string> chain = one.why(cmd.why);
    std::string reason;
    for (const auto& p : one.packages)
      if (p.name == chain.front()) reason = p.requested;
    std::string line = chain.front() + " (" + reason + ")";
    for (size_t i = 1; i < chain.size(); ++i) line += " → " + chain[i];
    text += (lock.architectures.size() > 1 ? arch + ": " : std::string()) + line + "\n";
    per_arch[arch] = {{"chain", chain}, {"reason", reason}};
  }
  if (per_arch.size() == 1 && !per_arch.begin()->is_null()) {
    nlohmann::json j = *per_arch.begin();
    j["package"] = cmd.why;
    j["architecture"] = per_arch.begin().key();
    out.result(j, text);
  } else {
    if (std::all_of(per_arch.begin(), per_arch.end(), [](const nlohmann::json& v) { return v.is_null(); }))
      throw Error("'" + cmd.why + "' is not in the lock");
    out.result({{"package", cmd.why}, {"architectures", per_arch}}, text);
  }
  return 0;
}

// Resolves now and writes the lock, saying what changed since `existing`.
int write_lock(const Session& s, const LockCommand& cmd, const std::optional<Lockfile>& existing, const Output& out) {
  Lockfile lock = resolve_now(s, cmd);
  // A Release signed again with nothing else moved leaves the file as it is (and the image's digest).
  if (existing && only_release_dates_moved(*existing, lock) && read_file(s.lock_path) == serialize_lockfile(*existing)) {
    out.result({{"lockfile", s.lock_path.string()}, {"written", false}, {"packages", existing->packages.size()},
                {"changes", changes_json(LockChanges{})}},
               s.lock_path.string() + ": no package changed; left as it is (only the suites' Release dates moved)\n");
    return 0;
  }
  write_file_atomic(s.lock_path, serialize_lockfile(lock));
  const LockChanges c = existing ? compare_locks(*existing, lock) : LockChanges{};
  const Fixes fixes = existing ? fixes_of_update(s, cmd, *existing, lock) : Fixes{};
  std::ostringstream text;
  text << "wrote " << s.lock_path.string() << ": " << lock.packages.size() << " packages, " << download_size(lock)
       << " bytes to download\n";
  if (existing) text << (c.empty() ? "  no package changed\n" : changes_text(c, fixes));
  out.result({{"lockfile", s.lock_path.string()},
              {"written", true},
              {"packages", lock.packages.size()},
              {"download-size", download_size(lock)},
              {"changes", changes_json(c, fixes)}},
             text.str());
  return 0;
}

}  // namespace

int lock_command(const LockCommand& cmd, const Output& out) {
  HostApt host = read_host_apt();
  use_apt_proxies(host);
  Session s{load_profile(cmd.profile, host.architecture), {}, Cache(cmd.cache_dir), lockfile_path(cmd.profile)};
  s.suites = resolve_archive_suites(s.profile, host);
  std::optional<Lockfile> existing = read_lockfile(s.lock_path);

  if (!cmd.why.empty()) {
    // From the lock's own edges: offline, and what the image holds, not today's archive.
    if (!existing) throw Error(s.lock_path.string() + ": missing (run `debimg lock` first)");
    return why_command(*existing, cmd, out);
  }

  std::vector<std::string> stale;
  if (existing) stale = staleness(*existing, s.profile, s.suites, suite_keyring_fingerprints(s.suites, s.cache));

  if (cmd.check) {
    if (!existing) {
      out.result({{"lockfile", s.lock_path.string()}, {"fresh", false}, {"reasons", {"there is no lockfile"}}},
                 s.lock_path.string() + ": missing\n");
      return 1;
    }
    if (!stale.empty()) {
      out.result({{"lockfile", s.lock_path.string()}, {"fresh", false}, {"reasons", stale}},
                 s.lock_path.string() + ": stale: " + join(stale, "; ") + "\n");
      return 1;
    }
    if (cmd.upstream) {
      const Lockfile now = resolve_now(s, cmd);
      const LockChanges c = compare_locks(*existing, now);
      const Fixes fixes = fixes_of_update(s, cmd, *existing, now);
      out.result({{"lockfile", s.lock_path.string()}, {"fresh", true}, {"upstream-changes", changes_json(c, fixes)}},
                 c.empty() ? s.lock_path.string() + ": fresh, and the archive has not moved\n"
                           : s.lock_path.string() + ": fresh, but the archive has moved:\n" + changes_text(c, fixes));
      return c.empty() ? 0 : 1;
    }
    out.result({{"lockfile", s.lock_path.string()}, {"fresh", true}}, s.lock_path.string() + ": fresh\n");
    return 0;
  }

  if (existing && stale.empty() && !cmd.update && existing->version < Lockfile::kVersion) {
    // A format 2 lock pins what a format 3 lock does: rewritten, not re-resolved.
    write_file_atomic(s.lock_path, serialize_lockfile(*existing));
    out.result({{"lockfile", s.lock_path.string()}, {"written", true}, {"migrated-from", existing->version},
                {"packages", existing->packages.size()}},
               "migrated " + s.lock_path.string() + " from lock format " + std::to_string(existing->version) + " to " +
                   std::to_string(Lockfile::kVersion) + " (" + std::to_string(existing->packages.size()) +
                   " packages, nothing re-resolved)\n");
    return 0;
  }
  if (existing && stale.empty() && !cmd.update) {
    out.result({{"lockfile", s.lock_path.string()}, {"written", false}, {"packages", existing->packages.size()}},
               s.lock_path.string() + ": fresh, " + std::to_string(existing->packages.size()) +
                   " packages (`--update` re-resolves against the archive as it is now)\n");
    return 0;
  }

  return write_lock(s, cmd, existing, out);
}

}  // namespace debimg
