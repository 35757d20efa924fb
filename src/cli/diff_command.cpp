// `debimg diff A B`: what changes between two lockfiles, as diff(1) answers:
// exit 0 when the same, 1 when different, 2 on error.
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "diff/package_diff.h"
#include "lock/lockfile.h"
#include "util/error.h"

namespace debimg {

namespace {

Lockfile read_lock(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw Error("diff: cannot read " + path + ": no such file");
  if (S_ISDIR(st.st_mode))
    throw Error("diff: " + path + " is a folder; debimg diff compares two lockfiles (images are not done yet)");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw Error("diff: cannot read " + path);
  return parse_lockfile(text.str(), path);
}

nlohmann::json change_json(const PackageChange& c) {
  static const char* kinds[] = {"added", "removed", "changed"};
  nlohmann::json j{{"change", kinds[c.kind]}, {"package", c.name}};
  if (c.kind != PackageChange::added) j["old"] = {{"version", c.old_version}, {"architecture", c.old_architecture}};
  if (c.kind != PackageChange::removed) j["new"] = {{"version", c.new_version}, {"architecture", c.new_architecture}};
  return j;
}

}  // namespace

// Two one-architecture locks compare package by package, whatever their
// architectures; locks of several compare architecture by architecture.
int diff_command(const DiffCommand& cmd, const Output& out) {
  const Lockfile a = read_lock(cmd.first), b = read_lock(cmd.second);
  nlohmann::json j{{"packages", nlohmann::json::array()}};
  std::string text;
  bool same = true;
  if (a.architectures.size() == 1 && b.architectures.size() == 1) {
    const std::vector<PackageChange> changes = diff_packages(a.packages, b.packages);
    if (a.architecture() != b.architecture()) text += "architecture " + a.architecture() + " -> " + b.architecture() + "\n";
    for (const PackageChange& c : changes) {
      j["packages"].push_back(change_json(c));
      text += change_line(c) + "\n";
    }
    j["architecture"] = {{"old", a.architecture()}, {"new", b.architecture()}};
    same = changes.empty() && a.architecture() == b.architecture();
  } else {
    auto has = [](const Lockfile& l, const std::string& arch) {
      return std::find(l.architectures.begin(), l.architectures.end(), arch) != l.architectures.end();
    };
    std::vector<std::string> archs = a.architectures;
    for (const auto& arch : b.architectures)
      if (!has(a, arch)) archs.push_back(arch);
    for (const auto& arch : archs) {
      if (!has(a, arch) || !has(b, arch)) {
        text += arch + ": " + (has(b, arch) ? "added" : "removed") + "\n";
        j["architectures"][arch] = has(b, arch) ? "added" : "removed";
        same = false;
        continue;
      }
      const std::vector<PackageChange> changes = diff_packages(a.platform(arch).packages, b.platform(arch).packages);
      j["architectures"][arch] = changes.empty() ? "same" : "changed";
      if (changes.empty()) continue;
      same = false;
      text += arch + ":\n";
      for (const PackageChange& c : changes) {
        nlohmann::json change = change_json(c);
        change["platform"] = arch;
        j["packages"].push_back(change);
        text += "  " + change_line(c) + "\n";
      }
    }
  }
  j["same"] = same;
  out.result(j, text);
  return same ? 0 : 1;
}

}  // namespace debimg
