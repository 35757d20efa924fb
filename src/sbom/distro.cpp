#include "sbom/distro.h"

#include <map>
#include <sstream>

namespace debimg {

std::string debian_version_of_codename(const std::string& codename) {
  // The suite may be an update suite of the release (bookworm-updates, bookworm-security).
  static const std::map<std::string, std::string> versions = {
      {"stretch", "9"}, {"buster", "10"}, {"bullseye", "11"}, {"bookworm", "12"}, {"trixie", "13"}, {"forky", "14"}, {"duke", "15"}};
  const std::string release = codename.substr(0, codename.find('-'));
  const auto it = versions.find(release);
  return it == versions.end() ? "" : it->second;
}

std::string purl_distro(const std::string& id, const std::string& version) {
  auto token = [](const std::string& s) {
    if (s.empty() || s.size() > 32) return false;
    for (char c : s)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
    return true;
  };
  return token(id) && token(version) ? id + "-" + version : "";
}

std::string os_release_field(const std::string& text, const std::string& field) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(field + "=", 0) != 0) continue;
    std::string v = line.substr(field.size() + 1);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
    return v;
  }
  return "";
}

}  // namespace debimg
