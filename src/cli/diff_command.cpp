// `debimg diff A B`: what changes between two lockfiles or images (OCI
// layouts, oci-archives, or one of each), as diff(1) answers: exit 0 when
// the same, 1 when different, 2 on error. Per architecture when either holds
// several; --files adds the images' trees, path by path.
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cache/cache.h"
#include "cli/commands.h"
#include "diff/file_diff.h"
#include "diff/image_contents.h"
#include "diff/package_diff.h"
#include "export/oci_platform.h"
#include "lock/lockfile.h"
#include "util/error.h"

namespace debimg {

namespace {

// One side of the comparison: per platform, its packages (and an image's files).
struct Side {
  std::vector<std::string> platforms;  // Debian architectures of a lock; OCI platforms once an image is involved
  std::map<std::string, std::vector<ResolvedPackage>> packages;
  std::map<std::string, std::map<std::string, ImageFile>> files;
  bool image = false;
};

Side read_side(const std::string& path, const Cache& cache) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw Error("diff: cannot read " + path + ": no such file");
  Side side;
  if (is_image(path)) {
    side.image = true;
    for (auto& c : read_image_contents(path, cache.scratch())) {
      side.platforms.push_back(c.platform);
      side.packages[c.platform] = std::move(c.packages);
      side.files[c.platform] = std::move(c.files);
    }
    return side;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw Error("diff: cannot read " + path);
  const Lockfile lock = parse_lockfile(text.str(), path);
  side.platforms = lock.architectures;
  for (const auto& arch : lock.architectures) side.packages[arch] = lock.platform(arch).packages;
  return side;
}

// A lock's architectures named as an image names its platforms.
void as_platforms(Side& side) {
  if (side.image) return;
  std::vector<std::string> names;
  std::map<std::string, std::vector<ResolvedPackage>> packages;
  for (const auto& arch : side.platforms) {
    names.push_back(oci_platform(arch).str());
    packages[names.back()] = std::move(side.packages[arch]);
  }
  side.platforms = names;
  side.packages = std::move(packages);
}

nlohmann::json change_json(const PackageChange& c) {
  static const char* kinds[] = {"added", "removed", "changed"};
  nlohmann::json j{{"change", kinds[c.kind]}, {"package", c.name}};
  if (c.kind != PackageChange::added) j["old"] = {{"version", c.old_version}, {"architecture", c.old_architecture}};
  if (c.kind != PackageChange::removed) j["new"] = {{"version", c.new_version}, {"architecture", c.new_architecture}};
  return j;
}

nlohmann::json change_json(const FileChange& c) {
  static const char* kinds[] = {"added", "removed", "changed"};
  nlohmann::json j{{"change", kinds[c.kind]}, {"path", c.path}};
  if (c.kind != FileChange::added) j["old"] = file_fields(c.old_file);
  if (c.kind != FileChange::removed) j["new"] = file_fields(c.new_file);
  return j;
}

// The changes of one platform into the text and JSON; whether there were any.
bool compare_platform(const Side& a, const Side& b, const std::string& pa, const std::string& pb, bool files,
                      const std::string& indent, const std::string& label, std::string& text, nlohmann::json& j) {
  bool changed = false;
  for (const PackageChange& c : diff_packages(a.packages.at(pa), b.packages.at(pb))) {
    nlohmann::json change = change_json(c);
    if (!label.empty()) change["platform"] = label;
    j["packages"].push_back(change);
    text += indent + change_line(c) + "\n";
    changed = true;
  }
  if (!files) return changed;
  for (const FileChange& c : diff_files(a.files.at(pa), b.files.at(pb))) {
    nlohmann::json change = change_json(c);
    if (!label.empty()) change["platform"] = label;
    j["files"].push_back(change);
    text += indent + change_line(c) + "\n";
    changed = true;
  }
  return changed;
}

}  // namespace

int diff_command(const DiffCommand& cmd, const Output& out) {
  const Cache cache(cmd.cache_dir);
  Side a = read_side(cmd.first, cache), b = read_side(cmd.second, cache);
  if (cmd.files && (!a.image || !b.image))
    throw Error("diff --files compares two images: " + (a.image ? cmd.second : cmd.first) + " is a lockfile");
  if (a.image || b.image) {
    as_platforms(a);
    as_platforms(b);
  }
  nlohmann::json j{{"packages", nlohmann::json::array()}};
  if (cmd.files) j["files"] = nlohmann::json::array();
  std::string text;
  bool same = true;
  if (a.platforms.size() == 1 && b.platforms.size() == 1) {
    // One platform each: compared whatever they are, as a change of architecture.
    const std::string &pa = a.platforms.front(), &pb = b.platforms.front();
    if (pa != pb) text += "architecture " + pa + " -> " + pb + "\n";
    same = !compare_platform(a, b, pa, pb, cmd.files, "", "", text, j) && pa == pb;
    j["architecture"] = {{"old", pa}, {"new", pb}};
  } else {
    auto has = [](const Side& s, const std::string& p) {
      return std::find(s.platforms.begin(), s.platforms.end(), p) != s.platforms.end();
    };
    std::vector<std::string> platforms = a.platforms;
    for (const auto& p : b.platforms)
      if (!has(a, p)) platforms.push_back(p);
    for (const auto& p : platforms) {
      if (!has(a, p) || !has(b, p)) {
        text += p + ": " + (has(b, p) ? "added" : "removed") + "\n";
        j["architectures"][p] = has(b, p) ? "added" : "removed";
        same = false;
        continue;
      }
      std::string section;
      const bool changed = compare_platform(a, b, p, p, cmd.files, "  ", p, section, j);
      j["architectures"][p] = changed ? "changed" : "same";
      if (changed) text += p + ":\n" + section;
      same = same && !changed;
    }
  }
  j["same"] = same;
  out.result(j, text);
  return same ? 0 : 1;
}

}  // namespace debimg
