#pragma once
// A package's DEBIAN/control stanza: fields in their original order with
// their exact text, which the dpkg status file reproduces.
#include <string>
#include <utility>
#include <vector>

namespace debimg {

struct ControlFile {
  std::vector<std::pair<std::string, std::string>> fields;  // name → value as written (continuation lines kept)

  std::string get(const std::string& name) const;  // "" when absent
  // Package names of a relation field (Replaces, Provides, ...), without versions or architectures.
  std::vector<std::string> names(const std::string& field) const;
};

ControlFile parse_control(const std::string& text, const std::string& what);

}  // namespace debimg
