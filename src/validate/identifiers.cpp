#include "validate/identifiers.h"

#include <algorithm>

#include "util/error.h"

namespace debimg {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
bool is_lower_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

template <typename Pred>
bool all_of(std::string_view s, Pred pred) {
  return std::all_of(s.begin(), s.end(), pred);
}

bool is_lower_hex_of_length(std::string_view s, size_t n) { return s.size() == n && all_of(s, is_lower_hex); }

// Every '/'-separated component is non-empty and neither `.` nor `..`.
bool plain_components(std::string_view s) {
  for (size_t start = 0;;) {
    size_t end = s.find('/', start);
    std::string_view c = s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (c.empty() || c == "." || c == "..") return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

// The digits of an epoch, within dpkg's INT_MAX.
bool is_epoch(std::string_view s) {
  if (s.empty() || !all_of(s, is_digit)) return false;
  std::string_view trimmed = s.substr(std::min(s.find_first_not_of('0'), s.size()));
  return trimmed.size() < 10 || (trimmed.size() == 10 && trimmed <= "2147483647");
}

void require(bool ok, std::string_view value, const std::string& where, const std::string& what) {
  if (!ok) throw Error(where + ": " + quoted_value(value) + " is not " + what);
}

}  // namespace

const std::vector<std::string_view>& known_architectures() {
  // dpkg's table (the Debian ports among them), and `all`.
  static const std::vector<std::string_view> names{
      "all",     "amd64",     "arm64",      "armel",          "armhf",         "i386",  "mips64el", "mipsel",
      "ppc64el", "s390x",     "riscv64",    "loong64",        "alpha",         "hppa",  "ia64",     "m68k",
      "powerpc", "ppc64",     "sh4",        "sparc64",        "x32",           "hurd-i386", "hurd-amd64",
      "kfreebsd-amd64", "kfreebsd-i386"};
  return names;
}

bool is_sha256(std::string_view value) { return is_lower_hex_of_length(value, 64); }

bool is_sha256_digest(std::string_view value) { return value.starts_with("sha256:") && is_sha256(value.substr(7)); }

bool is_oci_digest(std::string_view value) {
  const size_t colon = value.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view algorithm = value.substr(0, colon), encoded = value.substr(colon + 1);
  // algorithm-component ([a-z0-9]+) joined by one of [+._-]
  auto separator = [](char c) { return c == '+' || c == '.' || c == '_' || c == '-'; };
  if (algorithm.empty() || separator(algorithm.front()) || separator(algorithm.back())) return false;
  for (size_t i = 0; i < algorithm.size(); ++i) {
    if (is_lower_alnum(algorithm[i])) continue;
    if (!separator(algorithm[i]) || separator(algorithm[i + 1])) return false;
  }
  if (encoded.empty() || !all_of(encoded, [](char c) { return is_alnum(c) || c == '=' || c == '_' || c == '-'; }))
    return false;
  if (algorithm == "sha256") return is_lower_hex_of_length(encoded, 64);
  if (algorithm == "sha512") return is_lower_hex_of_length(encoded, 128);
  return true;
}

bool is_package_name(std::string_view value) {
  return value.size() >= 2 && is_lower_alnum(value.front()) &&
         all_of(value, [](char c) { return is_lower_alnum(c) || c == '+' || c == '.' || c == '-'; });
}

bool is_version(std::string_view value) {
  std::string_view rest = value;
  if (size_t colon = rest.find(':'); colon != std::string_view::npos) {
    if (!is_epoch(rest.substr(0, colon))) return false;
    rest = rest.substr(colon + 1);
  }
  std::string_view upstream = rest;
  if (size_t hyphen = rest.rfind('-'); hyphen != std::string_view::npos) {
    upstream = rest.substr(0, hyphen);
    std::string_view revision = rest.substr(hyphen + 1);
    if (revision.empty() || !all_of(revision, [](char c) { return is_alnum(c) || c == '.' || c == '+' || c == '~'; }))
      return false;
  }
  return !upstream.empty() && is_digit(upstream.front()) &&
         all_of(upstream, [](char c) { return is_alnum(c) || c == '.' || c == '+' || c == '~' || c == '-'; });
}

bool is_architecture(std::string_view value) {
  const auto& names = known_architectures();
  return std::find(names.begin(), names.end(), value) != names.end();
}

bool is_pool_path(std::string_view value) {
  // No '%' either: file:// URLs are percent-decoded, so %2e%2e would be `..`.
  auto allowed = [](char c) { return c > ' ' && c < 0x7f && c != '\\' && c != '%' && c != '?' && c != '#'; };
  return !value.empty() && value.size() <= 4096 && value.front() != '/' && all_of(value, allowed) &&
         plain_components(value);
}

bool is_suite_name(std::string_view value) {
  return !value.empty() && is_alnum(value.front()) &&
         all_of(value, [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '+' || c == '/' || c == '-'; }) &&
         plain_components(value);
}

bool is_component_name(std::string_view value) { return is_suite_name(value); }

bool is_openpgp_fingerprint(std::string_view value) {
  return (value.size() == 40 || value.size() == 64) &&
         all_of(value, [](char c) { return is_digit(c) || (c >= 'A' && c <= 'F'); });
}

bool is_field_text(std::string_view value) { return std::none_of(value.begin(), value.end(), is_control); }

void require_sha256(std::string_view value, const std::string& where) {
  require(is_sha256(value), value, where, "a SHA-256 (64 lowercase hex digits)");
}

void require_sha256_digest(std::string_view value, const std::string& where) {
  if (is_oci_digest(value) && !value.starts_with("sha256:"))
    throw Error(where + ": " + quoted_value(value) + " uses a digest algorithm debimg does not support (only sha256)");
  require(is_sha256_digest(value), value, where, "a sha256 digest (sha256: and 64 lowercase hex digits)");
}

void require_oci_digest(std::string_view value, const std::string& where) {
  require(is_oci_digest(value), value, where, "an OCI digest (algorithm:encoded)");
}

void require_package_name(std::string_view value, const std::string& where) {
  require(is_package_name(value), value, where, "a Debian package name (a-z 0-9 + . -, two or more, first a-z or 0-9)");
}

void require_version(std::string_view value, const std::string& where) {
  require(is_version(value), value, where, "a Debian version ([epoch:]upstream[-revision], deb-version(7))");
}

void require_architecture(std::string_view value, const std::string& where) {
  require(is_architecture(value), value, where, "a Debian architecture known to dpkg");
}

void require_pool_path(std::string_view value, const std::string& where) {
  require(is_pool_path(value), value, where, "a relative archive path (no '..', '.', empty components or odd characters)");
}

void require_suite_name(std::string_view value, const std::string& where) {
  require(is_suite_name(value), value, where, "a suite name (A-Z a-z 0-9 . _ + - /, no '..' component)");
}

void require_component_name(std::string_view value, const std::string& where) {
  require(is_component_name(value), value, where, "a component name (A-Z a-z 0-9 . _ + - /, no '..' component)");
}

void require_openpgp_fingerprint(std::string_view value, const std::string& where) {
  require(is_openpgp_fingerprint(value), value, where, "an OpenPGP fingerprint (40 or 64 uppercase hex digits)");
}

void require_field_text(std::string_view value, const std::string& where) {
  require(is_field_text(value), value, where, "one line of text without control characters");
}

std::string quoted_value(std::string_view value) {
  static const char* hex = "0123456789abcdef";
  constexpr size_t kShown = 80;
  std::string out = "'";
  for (size_t i = 0; i < value.size() && i < kShown; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (value.size() > kShown) out += "...";
  return out + "'";
}

}  // namespace debimg
