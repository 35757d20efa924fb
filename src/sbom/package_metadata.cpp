#include "sbom/package_metadata.h"

#include <map>

#include "unpack/deb_reader.h"
#include "util/error.h"
#include "util/strings.h"
#include "validate/identifiers.h"

namespace debimg {

namespace {

constexpr size_t kMaxControlSize = 1 << 20;

}  // namespace

void apply_control(SbomPackage& p, const ControlFile& control, const std::string& what) {
  p.source = p.name;
  p.source_version = p.version;
  if (const std::string source = trim(control.get("Source")); !source.empty()) {
    const size_t open = source.find('(');
    p.source = trim(source.substr(0, open));
    require_package_name(p.source, what + ": Source");
    if (open != std::string::npos) {
      const size_t close = source.find(')', open);
      if (close == std::string::npos || close + 1 != source.size())
        throw Error(what + ": Source: " + quoted_value(source) + " is not 'name (version)'");
      p.source_version = trim(source.substr(open + 1, close - open - 1));
      require_version(p.source_version, what + ": Source");
    }
  }
  p.maintainer = trim(control.get("Maintainer"));
  if (p.maintainer.size() > 1024) throw Error(what + ": Maintainer is longer than 1024 bytes");
  require_field_text(p.maintainer, what + ": Maintainer");
}

std::string doc_link_package(const std::string& target) {
  std::string t = target;
  while (!t.empty() && t.back() == '/') t.pop_back();
  const std::string name = t.substr(t.rfind('/') == std::string::npos ? 0 : t.rfind('/') + 1);
  return is_package_name(name) ? name : "";
}

DebDocs read_deb_docs(const std::filesystem::path& deb, const std::string& package, const std::string& what) {
  DebDocs docs;
  bool control = false;
  const std::string doc = "usr/share/doc/" + package, copyright = doc + "/copyright";
  read_deb(deb, what, [&](DebMember member, const TarEntry& entry, EntryData& data) {
    if (member == DebMember::control && entry.path == "control" && entry.type == EntryType::file) {
      docs.control = parse_control(data.read_all(kMaxControlSize), what);
      control = true;
    } else if (member == DebMember::data && entry.path == copyright && entry.type == EntryType::file) {
      if (entry.size > kMaxCopyrightSize) return;  // too large to be a licence list: NOASSERTION
      docs.copyright = data.read_all(kMaxCopyrightSize);
    } else if (member == DebMember::data && entry.path == doc && entry.type == EntryType::symlink) {
      docs.doc_link = doc_link_package(entry.link);
    }
  });
  if (!control) throw Error(what + ": " + deb.string() + " has no control file");
  return docs;
}

void inherit_licenses(std::vector<SbomPackage>& packages, const std::vector<std::string>& doc_links) {
  std::map<std::string, std::vector<std::string>> by_name;
  for (const auto& p : packages)
    if (!p.licenses.empty()) by_name.emplace(p.name, p.licenses);
  for (size_t i = 0; i < packages.size(); ++i)
    if (packages[i].licenses.empty() && !doc_links[i].empty())
      if (auto it = by_name.find(doc_links[i]); it != by_name.end()) packages[i].licenses = it->second;
}

}  // namespace debimg
