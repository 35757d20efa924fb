// `debimg lock PROFILE.yaml`: resolve against verified metadata and write
// PROFILE.lock; --check, --check --upstream, --update and --why.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "diff/changelog_readers.h"
#include "diff/report_formats.h"
#include "fetch/package_fetcher.h"
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
  o.freshness = cmd.freshness;
  o.warn = print_warning;
  o.http.on_retry = o.http.on_stall = print_warning;
  if (::isatty(2)) o.progress = [](const std::string& p) { std::cerr << p << "\n"; };
  return o;
}

// Against the archive as it is now, never older than `existing` (unless --allow-older-metadata).
Lockfile resolve_now(const Session& s, const LockCommand& cmd, const std::optional<Lockfile>& existing) {
  LockOptions o = lock_options(cmd);
  if (existing) o.held = held_dates(*existing, s.lock_path);
  return resolve_lock(s.profile, s.suites, s.cache, o);
}

// The report from `before` to `after`: what their changed packages' new
// changelogs fix (those .debs fetched into the cache, where the next compose
// finds them), and what the cache lacks of `after`.
UpdateReport update_report(const Session& s, const LockCommand& cmd, const Lockfile& before, const Lockfile& after,
                           const std::string& new_name) {
  UpdateReport report = build_report(lock_side(before, s.lock_path.string()), lock_side(after, new_name));
  DebChangelogs reader(s.suites, s.profile, s.cache, cmd.offline);
  add_fixes(report, reader);
  report.to_download = missing_from_cache(after, s.cache);
  return report;
}

// The report in the form asked for: Markdown, else `head` and the text.
std::string report_output(const UpdateReport& report, const LockCommand& cmd, const std::string& head) {
  return cmd.markdown ? report_markdown(report) : head + report_text(report);
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
  Lockfile lock = resolve_now(s, cmd, existing);
  // A Release signed again with nothing else moved leaves the file as it is (and the image's digest);
  // --allow-older-metadata asks for the older dates to be written.
  if (existing && !cmd.freshness.allow_older && only_release_dates_moved(*existing, lock) &&
      read_file(s.lock_path) == serialize_lockfile(*existing)) {
    const UpdateReport report = update_report(s, cmd, *existing, *existing, s.lock_path.string() + " re-resolved");
    out.result({{"lockfile", s.lock_path.string()}, {"written", false}, {"packages", existing->packages.size()},
                {"report", report_json(report)}},
               s.lock_path.string() + ": no package changed; left as it is (only the suites' Release dates moved)\n");
    return 0;
  }
  write_file_atomic(s.lock_path, serialize_lockfile(lock));
  const std::string wrote = "wrote " + s.lock_path.string() + ": " + std::to_string(lock.packages.size()) + " packages";
  if (!existing) {
    const CacheShortfall missing = missing_from_cache(lock, s.cache);
    out.result({{"lockfile", s.lock_path.string()}, {"written", true}, {"packages", lock.packages.size()},
                {"report", nullptr}, {"to-download", {{"bytes", missing.bytes}, {"packages", missing.packages}}}},
               wrote + "; " + human_bytes(missing.bytes) + " to download (" + std::to_string(missing.packages) +
                   " packages not in the cache)\n");
    return 0;
  }
  const UpdateReport report = update_report(s, cmd, *existing, lock, s.lock_path.string() + " re-resolved");
  out.result({{"lockfile", s.lock_path.string()},
              {"written", true},
              {"packages", lock.packages.size()},
              {"report", report_json(report)},
              {"to-download", {{"bytes", report.to_download->bytes}, {"packages", report.to_download->packages}}}},
             report_output(report, cmd, wrote + "\n"));
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
      const Lockfile now = resolve_now(s, cmd, existing);
      const UpdateReport report = update_report(s, cmd, *existing, now, "the archive now");
      out.result({{"lockfile", s.lock_path.string()}, {"fresh", true}, {"report", report_json(report)}},
                 report.same() && !cmd.markdown
                     ? s.lock_path.string() + ": fresh, and the archive has not moved\n"
                     : report_output(report, cmd, s.lock_path.string() + ": fresh, but the archive has moved:\n"));
      return report.same() ? 0 : 1;
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
