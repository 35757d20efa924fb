#pragma once
// The fields of a (verified) Release text that debimg uses.
#include <cstdint>
#include <ctime>
#include <map>
#include <string>
#include <vector>

namespace debimg {

struct ReleaseEntry {
  std::string sha256;
  uint64_t size = 0;
};

struct ReleaseFile {
  std::string origin, label, suite, codename, version;
  std::string date;         // as written (RFC 1123)
  time_t date_time = 0;
  std::string valid_until;  // empty when absent
  time_t valid_until_time = 0;
  bool acquire_by_hash = false;
  bool no_support_for_architecture_all = false;  // arch:all packages sit in each binary-ARCH index
  std::vector<std::string> architectures, components;
  std::map<std::string, ReleaseEntry> sha256;  // path below dists/SUITE/ → hash and size
};

// Parses with libapt-pkg's tag-file parser; `what` names the file in errors.
ReleaseFile parse_release(const std::string& text, const std::string& what);

}  // namespace debimg
