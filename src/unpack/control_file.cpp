#include "unpack/control_file.h"

#include <apt-pkg/tagfile.h>

#include "util/error.h"

namespace debimg {

std::string ControlFile::get(const std::string& name) const {
  for (const auto& [n, v] : fields)
    if (strcasecmp(n.c_str(), name.c_str()) == 0) return v;
  return "";
}

std::vector<std::string> ControlFile::names(const std::string& field) const {
  std::vector<std::string> out;
  std::string value = get(field);
  size_t start = 0;
  while (start < value.size()) {
    size_t end = value.find_first_of(",|", start);
    if (end == std::string::npos) end = value.size();
    std::string item = value.substr(start, end - start);
    size_t b = item.find_first_not_of(" \t\n");
    if (b != std::string::npos) {
      size_t e = item.find_first_of(" \t\n(:[", b);
      out.push_back(item.substr(b, e == std::string::npos ? std::string::npos : e - b));
    }
    start = end + 1;
  }
  return out;
}

ControlFile parse_control(const std::string& text, const std::string& what) {
  // A stanza without a field never reaches libapt-pkg's tag-file parser (an
  // over-read there was reported for an empty control).
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(what + ": DEBIAN/control is empty");
  std::string stanza = text;
  while (!stanza.empty() && (stanza.back() == '\n' || stanza.back() == '\r')) stanza.pop_back();
  stanza += "\n\n";
  pkgTagSection section;
  if (!section.Scan(stanza.c_str(), stanza.size(), false) || section.Count() == 0)
    throw Error(what + ": cannot parse DEBIAN/control");
  ControlFile c;
  for (unsigned int i = 0; i < section.Count(); ++i) {
    const char *start, *stop;
    section.Get(start, stop, i);
    std::string raw(start, stop);
    while (!raw.empty() && raw.back() == '\n') raw.pop_back();
    size_t colon = raw.find(':');
    if (colon == std::string::npos) throw Error(what + ": malformed control field '" + raw + "'");
    std::string value = raw.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    c.fields.emplace_back(raw.substr(0, colon), value);
  }
  if (c.get("Package").empty() || c.get("Version").empty() || c.get("Architecture").empty())
    throw Error(what + ": DEBIAN/control lacks Package, Version or Architecture");
  return c;
}

}  // namespace debimg
