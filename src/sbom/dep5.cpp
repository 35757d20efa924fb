#include "sbom/dep5.h"

#include <algorithm>
#include <sstream>
#include <strings.h>

#include "util/strings.h"

namespace debimg {

namespace {

struct Paragraph {
  std::vector<std::pair<std::string, std::string>> fields;  // name → first line
  std::string get(const char* name) const {
    for (const auto& [n, v] : fields)
      if (strcasecmp(n.c_str(), name) == 0) return v;
    return "";
  }
  bool has(const char* name) const {
    return std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return strcasecmp(f.first.c_str(), name) == 0; });
  }
};

// deb822 paragraphs, only each field's first line (continuations hold
// licence texts and file lists, which the short names do not need).
std::vector<Paragraph> paragraphs(const std::string& text) {
  std::vector<Paragraph> out(1);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (trim(line).empty()) {
      if (!out.back().fields.empty()) out.emplace_back();
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t' || line[0] == '#') continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) continue;  // not deb822: ignored, as dpkg-source would warn
    out.back().fields.emplace_back(line.substr(0, colon), trim(line.substr(colon + 1)));
  }
  if (out.back().fields.empty()) out.pop_back();
  return out;
}

}  // namespace

std::vector<std::string> dep5_licenses(const std::string& copyright) {
  const std::vector<Paragraph> ps = paragraphs(copyright);
  // The format URL has been written with http and https, with and without a trailing slash.
  if (ps.empty() || ps[0].get("Format").find("copyright-format/1.0") == std::string::npos) return {};
  std::vector<std::string> out;
  for (const Paragraph& p : ps) {
    if (!p.has("Files")) continue;
    const std::string license = p.get("License");
    if (!license.empty() && std::find(out.begin(), out.end(), license) == out.end()) out.push_back(license);
  }
  return out;
}

}  // namespace debimg
