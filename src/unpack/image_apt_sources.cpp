#include "unpack/image_apt_sources.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "util/error.h"
#include "util/files.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

bool tree_has_same_file(const TreeWriter& tree, const std::string& host_path) {
  std::error_code ec;
  fs::path inside = tree.root() / host_path.substr(1);
  // Read only when it is a plain file in the tree (a symlink could lead anywhere).
  if (!fs::is_regular_file(fs::symlink_status(inside, ec))) return false;
  return read_file(inside) == read_file(host_path);
}

}  // namespace

void write_image_apt_sources(TreeWriter& tree, FileTable& table, const Profile& profile,
                             const std::vector<ArchiveSuite>& suites) {
  if (profile.image.apt_sources == "none") return;
  // One stanza per source and URI set, suites in profile order.
  std::vector<std::tuple<size_t, std::vector<std::string>, std::vector<std::string>>> stanzas;  // source, uris, suites
  for (const auto& s : suites) {
    auto it = std::find_if(stanzas.begin(), stanzas.end(),
                           [&](const auto& st) { return std::get<0>(st) == s.source_index && std::get<1>(st) == s.uris; });
    if (it == stanzas.end())
      stanzas.emplace_back(s.source_index, s.uris, std::vector<std::string>{s.suite});
    else
      std::get<2>(*it).push_back(s.suite);
  }
  std::map<std::string, std::string> copied;  // keyring (path or inline key) → path in the image
  auto keyring_in_image = [&](const std::string& keyring) {
    if (auto it = copied.find(keyring); it != copied.end()) return it->second;
    std::string path;
    bool is_inline = keyring.find("BEGIN PGP") != std::string::npos;
    if (!is_inline && tree_has_same_file(tree, keyring)) {
      path = keyring;
    } else {
      bool armored = is_inline || read_file(keyring).find("BEGIN PGP") != std::string::npos;
      path = "/etc/apt/keyrings/debimg-" + std::to_string(copied.size() + 1) + (armored ? ".asc" : ".gpg");
      tree.write_file(path.substr(1), is_inline ? keyring : read_file(keyring), 0644);
      FileMeta m;
      m.mode = 0644;
      table.set(tree.physical_path(path.substr(1)), m);
    }
    copied[keyring] = path;
    return path;
  };
  std::string text;
  for (const auto& [index, uris, suite_names] : stanzas) {
    // Init-captures: clang 14 cannot capture structured bindings.
    const ArchiveSuite& first =
        *std::find_if(suites.begin(), suites.end(), [&want_index = index, &want_uris = uris](const ArchiveSuite& s) {
          return s.source_index == want_index && s.uris == want_uris;
        });
    std::vector<std::string> trimmed;
    for (auto u : uris) trimmed.push_back(u.back() == '/' ? u.substr(0, u.size() - 1) : u);
    text += (text.empty() ? "" : "\n") + std::string("Types: deb\nURIs: ") + join(trimmed, " ") + "\nSuites: " +
            join(suite_names, " ") + "\nComponents: " + join(first.components, " ") + "\n";
    if (first.trusted) {
      text += "Trusted: yes\n";
    } else {
      std::vector<std::string> paths;
      for (const auto& k : first.keyrings) paths.push_back(keyring_in_image(k));
      text += "Signed-By: " + join(paths, " ") + "\n";
    }
    if (!first.check_valid_until) text += "Check-Valid-Until: no\n";
  }
  tree.write_file("etc/apt/sources.list.d/debian.sources", text, 0644);
  FileMeta m;
  m.mode = 0644;
  table.set(tree.physical_path("etc/apt/sources.list.d/debian.sources"), m);
}

}  // namespace debimg
