#include "unpack/dpkg_database.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <strings.h>

#include "unpack/essential_set.h"

namespace debimg {

namespace {

// dpkg's order of status fields; any other field follows in control order.
const std::vector<std::string> kFieldOrder{
    "Package",  "Essential", "Protected", "Status",    "Priority", "Section",  "Installed-Size", "Origin",
    "Maintainer", "Bugs",    "Architecture", "Multi-Arch", "Source", "Version", "Config-Version", "Replaces",
    "Provides", "Depends",   "Pre-Depends", "Recommends", "Suggests", "Breaks", "Conflicts", "Enhances",
    "Conffiles", "Description", "Triggers-Pending", "Triggers-Awaited"};
// Control fields dpkg does not carry into status.
const std::vector<std::string> kDropped{"Filename", "Size", "MD5sum", "SHA1", "SHA256", "SHA512", "Status", "Conffiles"};

bool same(const std::string& a, const std::string& b) { return strcasecmp(a.c_str(), b.c_str()) == 0; }

void add_meta(FileTable& table, const std::string& path, EntryType type, uint32_t mode) {
  FileMeta m;
  m.type = type;
  m.mode = mode;
  table.set(path, m);
}

}  // namespace

std::string status_stanza(const UnpackedPackage& pkg, const std::string& status) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& field : pkg.control.fields) {
    const std::string& name = field.first;  // not a structured binding: clang 14 cannot capture those
    bool dropped = std::any_of(kDropped.begin(), kDropped.end(), [&](const std::string& d) { return same(d, name); });
    if (!dropped) fields.push_back(field);
  }
  fields.emplace_back("Status", status);
  if (!pkg.conffiles.empty()) {
    std::string value;
    for (const auto& c : pkg.conffiles) value += "\n " + c + " newconffile";
    fields.emplace_back("Conffiles", value);
  }
  auto rank = [](const std::string& name) {
    for (size_t i = 0; i < kFieldOrder.size(); ++i)
      if (same(kFieldOrder[i], name)) return i;
    return kFieldOrder.size();
  };
  std::stable_sort(fields.begin(), fields.end(), [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  std::string out;
  for (const auto& [name, value] : fields) out += name + ":" + (value.empty() || value[0] == '\n' ? "" : " ") + value + "\n";
  return out;
}

void write_dpkg_database(TreeWriter& tree, FileTable& table, const std::vector<UnpackedPackage>& packages,
                         const std::string& architecture, const std::set<std::string>& requested) {
  const std::string admin = "var/lib/dpkg";
  std::vector<const UnpackedPackage*> sorted;
  for (const auto& p : packages) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
    return std::tie(a->name, a->architecture) < std::tie(b->name, b->architecture);
  });

  std::string status, extended;
  std::map<std::string, std::vector<std::string>> trigger_interests;  // trigger name → packages
  std::string file_triggers;
  // apt marks what it installed as a dependency; the essential set (and what
  // it needs) is installed before apt runs (mmdebstrap, debootstrap), so apt
  // records none of it. apt names an Architecture: all package with the
  // native architecture.
  const std::vector<std::string> essential = essential_closure(packages);
  const std::set<std::string> before_apt(essential.begin(), essential.end());
  for (const UnpackedPackage* p : sorted) {
    status += status_stanza(*p, "install ok unpacked") + "\n";
    if (!requested.count(p->name) && !before_apt.count(p->info_name()))
      extended += "Package: " + p->name + "\nArchitecture: " + (p->architecture == "all" ? architecture : p->architecture) +
                  "\nAuto-Installed: 1\n\n";
    std::string list;
    for (const auto& f : p->files) list += f + "\n";
    tree.write_file(admin + "/info/" + p->info_name() + ".list", list);
    add_meta(table, admin + "/info/" + p->info_name() + ".list", EntryType::file, 0644);
    for (const auto& [member, content] : p->info) {
      bool script = member == "preinst" || member == "postinst" || member == "prerm" || member == "postrm" || member == "config";
      const std::string path = admin + "/info/" + p->info_name() + "." + member;
      tree.write_file(path, content, script ? 0755 : 0644);
      add_meta(table, path, EntryType::file, script ? 0755 : 0644);
    }
    // Trigger interests are registered at unpack, as dpkg does.
    auto it = p->info.find("triggers");
    if (it == p->info.end()) continue;
    std::istringstream lines(it->second);
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      std::string directive, name;
      if (!(words >> directive >> name) || directive[0] == '#') continue;
      if (directive != "interest" && directive != "interest-await" && directive != "interest-noawait") continue;
      // dpkg names a Multi-Arch: same package with its architecture here too.
      std::string who = p->info_name() + (directive == "interest-noawait" ? "/noawait" : "");
      if (name[0] == '/')
        file_triggers += name + " " + who + "\n";
      else
        trigger_interests[name].push_back(who);
    }
  }
  const std::vector<std::pair<std::string, std::string>> files{
      {admin + "/status", status},
      {admin + "/diversions", ""},
      {admin + "/arch", architecture + "\n"},
      {admin + "/info/format", "1\n"},
      {admin + "/triggers/File", file_triggers},
      {admin + "/triggers/Unincorp", ""},
      {admin + "/triggers/Lock", ""},
      {admin + "/lock", ""},
      {admin + "/lock-frontend", ""},
      {"var/lib/apt/extended_states", extended},
  };
  for (const auto& [path, content] : files) {
    // dpkg's modes: its locks are not for everyone to read.
    const uint32_t mode = path.ends_with("/Lock") ? 0600 : path.ends_with("lock") || path.ends_with("lock-frontend") ? 0640 : 0644;
    tree.write_file(path, content, mode);
    add_meta(table, path, EntryType::file, mode);
  }
  for (const auto& [name, who] : trigger_interests) {
    std::string content;
    for (const auto& w : who) content += w + "\n";
    tree.write_file(admin + "/triggers/" + name, content);
    add_meta(table, admin + "/triggers/" + name, EntryType::file, 0644);
  }
  for (const auto& dir : {"var/lib/dpkg", "var/lib/dpkg/info", "var/lib/dpkg/triggers", "var/lib/dpkg/updates",
                          "var/lib/dpkg/alternatives", "var/lib/dpkg/parts", "var/lib/apt"}) {
    tree.parent_of(std::string(dir) + "/.");  // creates it when missing
    if (!table.find(dir)) add_meta(table, dir, EntryType::directory, 0755);
  }
}

}  // namespace debimg
