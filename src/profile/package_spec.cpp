#include "profile/package_spec.h"

#include <cctype>

#include "util/error.h"

namespace debimg {

bool is_valid_package_name(const std::string& name) {
  if (name.size() < 2 || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

namespace {

// Debian policy 5.6.12: [epoch:]upstream[-revision], starting with a digit.
bool is_valid_version(const std::string& v) {
  if (v.empty()) return false;
  std::string upstream = v;
  if (auto colon = v.find(':'); colon != std::string::npos) {
    std::string epoch = v.substr(0, colon);
    if (epoch.empty()) return false;
    for (char c : epoch)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    upstream = v.substr(colon + 1);
  }
  if (upstream.empty() || !std::isdigit(static_cast<unsigned char>(upstream[0]))) return false;
  for (char c : upstream) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' ||
              c == '~' || c == ':';
    if (!ok) return false;
  }
  return true;
}

bool is_valid_word(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '+'))
      return false;
  return true;
}

}  // namespace

PackageSpec parse_package_spec(const std::string& text) {
  PackageSpec spec;
  std::string rest = text;
  if (auto eq = rest.find('='); eq != std::string::npos) {
    spec.version = rest.substr(eq + 1);
    rest.resize(eq);
    if (!is_valid_version(spec.version))
      throw Error("'" + text + "': '" + spec.version + "' is not a valid Debian version");
  } else if (auto slash = rest.find('/'); slash != std::string::npos) {
    spec.suite = rest.substr(slash + 1);
    rest.resize(slash);
    if (!is_valid_word(spec.suite)) throw Error("'" + text + "': '" + spec.suite + "' is not a valid suite name");
  }
  if (auto colon = rest.find(':'); colon != std::string::npos) {
    spec.arch = rest.substr(colon + 1);
    rest.resize(colon);
    if (!is_valid_word(spec.arch))
      throw Error("'" + text + "': '" + spec.arch + "' is not a valid architecture");
  }
  spec.name = rest;
  if (!is_valid_package_name(spec.name))
    throw Error("'" + text + "': '" + spec.name +
                "' is not a valid package name (lowercase letters, digits, '+', '-', '.'; two or more)");
  return spec;
}

std::string PackageSpec::str() const {
  std::string out = name;
  if (!arch.empty()) out += ":" + arch;
  if (!version.empty()) out += "=" + version;
  if (!suite.empty()) out += "/" + suite;
  return out;
}

}  // namespace debimg
