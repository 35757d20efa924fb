#include "sbom/dpkg_status.h"

#include <sstream>

namespace debimg {

std::vector<ControlFile> installed_packages(const std::string& status, const std::string& what) {
  std::vector<ControlFile> out;
  std::istringstream lines(status);
  std::string stanza;
  size_t number = 0, start = 1;
  auto flush = [&] {
    if (stanza.find_first_not_of(" \t\r\n") == std::string::npos) return;
    ControlFile c = parse_control(stanza, what + ": stanza at line " + std::to_string(start));
    const std::string s = c.get("Status");
    if (s.size() >= 10 && s.compare(s.size() - 10, 10, " installed") == 0) out.push_back(std::move(c));
  };
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      flush();
      stanza.clear();
      start = number + 1;
    } else {
      stanza += line + "\n";
    }
  }
  flush();
  return out;
}

}  // namespace debimg
