// `debimg diff A B`: what changes between two lockfiles or images (OCI
// layouts, oci-archives, or one of each), as the update report says it
// (diff/update_report.h), and diff(1)'s exit codes: 0 when the same, 1 when
// different, 2 on error. --files adds the images' trees, path by path.
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cache/cache.h"
#include "cli/commands.h"
#include "diff/changelog_readers.h"
#include "diff/file_diff.h"
#include "diff/report_formats.h"
#include "export/oci_platform.h"
#include "fetch/package_fetcher.h"
#include "profile/host_apt.h"
#include "util/error.h"
#include "util/interrupt.h"
#include "util/strings.h"

namespace debimg {

namespace {

// One side of the comparison: the report's view of it, and what else an image or a lock holds.
struct DiffSide {
  ReportSide report;
  std::map<std::string, PlatformContents> images;  // an image's, by platform
  std::optional<Lockfile> lock;
};

DiffSide read_side(const std::string& path, const Cache& cache) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw Error("diff: cannot read " + path + ": no such file");
  DiffSide side;
  if (is_image(path)) {
    side.report.name = path;
    for (auto& c : read_image_contents(path, cache.scratch())) {
      side.report.platforms.push_back(c.platform);
      ReportPlatform& p = side.report.by_platform[c.platform];
      p.packages = c.packages;
      p.sources = c.sources;
      p.size = ImageSize{c.uncompressed_size, c.compressed_size};
      side.images[c.platform] = std::move(c);
    }
    return side;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw Error("diff: cannot read " + path);
  side.lock = parse_lockfile(text.str(), path);
  side.report = lock_side(*side.lock, path);
  return side;
}

// A lock's architectures named as an image names its platforms.
void as_platforms(DiffSide& side) {
  if (!side.lock) return;
  ReportSide renamed;
  renamed.name = side.report.name;
  for (const auto& arch : side.report.platforms) {
    renamed.platforms.push_back(oci_platform(arch).str());
    renamed.by_platform[renamed.platforms.back()] = std::move(side.report.by_platform[arch]);
  }
  side.report = std::move(renamed);
}

// Where a lock's .debs come from without its profile: each of its suites as
// the host's apt sources serve it. Only the lock's hashes are trusted.
DebChangelogs lock_changelogs(const Lockfile& lock, const Cache& cache, bool offline) {
  Profile profile;
  profile.name = lock.profile_name;
  for (const auto& s : lock.suites) {
    Source source;
    source.suites = {s.suite};
    source.components = s.components;
    source.trusted = true;  // no Release is read: each .deb is checked against the lock
    profile.sources.push_back(source);
  }
  HostApt host = read_host_apt();
  use_apt_proxies(host);
  return DebChangelogs(resolve_archive_suites(profile, host), profile, cache, offline);
}

// What the new side's changelogs fix; a side whose changelogs cannot be reached says so in a note.
void add_side_fixes(UpdateReport& report, const DiffSide& after, const Cache& cache, bool offline) {
  try {
    if (after.lock) {
      DebChangelogs reader = lock_changelogs(*after.lock, cache, offline);
      add_fixes(report, reader);
      report.to_download = missing_from_cache(*after.lock, cache);
      return;
    }
    std::map<std::string, const PlatformContents*> images;
    for (const auto& [platform, contents] : after.images) images[platform] = &contents;
    ImageChangelogs reader(images);
    add_fixes(report, reader);
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    report.notes.push_back("what the changed packages fix: " + std::string(e.what()));
  }
}

nlohmann::json change_json(const FileChange& c) {
  static const char* kinds[] = {"added", "removed", "changed"};
  nlohmann::json j{{"change", kinds[c.kind]}, {"path", c.path}};
  if (c.kind != FileChange::added) j["old"] = file_fields(c.old_file);
  if (c.kind != FileChange::removed) j["new"] = file_fields(c.new_file);
  return j;
}

// The paths that differ, platform by platform, into `lines` and `j`.
void compare_files(const DiffSide& a, const DiffSide& b, const UpdateReport& report, std::vector<std::string>& lines,
                   nlohmann::json& j) {
  const bool several = report.platforms.size() > 1;
  for (const auto& p : report.platforms) {
    if (p.state == PlatformReport::State::added || p.state == PlatformReport::State::removed) continue;
    const std::string& old_platform = p.old_platform.empty() ? p.platform : p.old_platform;
    for (const FileChange& c : diff_files(a.images.at(old_platform).files, b.images.at(p.platform).files)) {
      nlohmann::json change = change_json(c);
      if (several) change["platform"] = p.platform;
      j.push_back(change);
      lines.push_back((several ? p.platform + ": " : "") + change_line(c));
    }
  }
}

}  // namespace

int diff_command(const DiffCommand& cmd, const Output& out) {
  const Cache cache(cmd.cache_dir);
  DiffSide a = read_side(cmd.first, cache), b = read_side(cmd.second, cache);
  if (cmd.files && (a.lock || b.lock))
    throw Error("diff --files compares two images: " + (a.lock ? cmd.first : cmd.second) + " is a lockfile");
  if (!a.lock || !b.lock) {
    as_platforms(a);
    as_platforms(b);
  }
  UpdateReport report = build_report(a.report, b.report);
  add_side_fixes(report, b, cache, cmd.offline);
  nlohmann::json j = report_json(report);
  std::vector<std::string> file_lines;
  if (cmd.files) compare_files(a, b, report, file_lines, j["files"] = nlohmann::json::array());
  const bool same = report.same() && file_lines.empty();
  j["same"] = same;
  std::string text = cmd.markdown ? report_markdown(report) + markdown_details("Files that differ", file_lines)
                                  : report_text(report) + join(file_lines, "\n") + (file_lines.empty() ? "" : "\n");
  out.result(j, text);
  return same ? 0 : 1;
}

}  // namespace debimg
