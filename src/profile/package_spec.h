#pragma once
// One entry of `packages`: "name", "name=version", "name/suite", optionally "name:arch".
#include <optional>
#include <string>

namespace debimg {

struct PackageSpec {
  std::string name;
  std::string arch;     // empty: the profile's architecture
  std::string version;  // empty: apt's candidate
  std::string suite;    // empty: any source

  std::string str() const;  // back to the profile's notation
  bool operator==(const PackageSpec&) const = default;
};

// Throws Error with the reason when `text` is not a valid package request.
PackageSpec parse_package_spec(const std::string& text);

// Debian policy 5.6.1: lowercase letters, digits, + - . ; at least two characters.
bool is_valid_package_name(const std::string& name);

}  // namespace debimg
