// `debimg diff A B`: what changes between two lockfiles, as diff(1) answers:
// exit 0 when the same, 1 when different, 2 on error.
#include <sys/stat.h>

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

int diff_command(const DiffCommand& cmd, const Output& out) {
  const Lockfile a = read_lock(cmd.first), b = read_lock(cmd.second);
  const std::vector<PackageChange> changes = diff_packages(a.packages, b.packages);
  nlohmann::json j{{"same", changes.empty()}, {"packages", nlohmann::json::array()}};
  std::string text;
  if (a.architecture != b.architecture)
    text += "architecture " + a.architecture + " -> " + b.architecture + "\n";
  for (const PackageChange& c : changes) {
    j["packages"].push_back(change_json(c));
    text += change_line(c) + "\n";
  }
  j["architecture"] = {{"old", a.architecture}, {"new", b.architecture}};
  out.result(j, text);
  return changes.empty() && a.architecture == b.architecture ? 0 : 1;
}

}  // namespace debimg
