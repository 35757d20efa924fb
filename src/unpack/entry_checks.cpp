#include "unpack/entry_checks.h"

#include <algorithm>

#include "util/error.h"
#include "validate/file_capability.h"
#include "validate/identifiers.h"

namespace debimg {

namespace {

size_t depth_of(const std::string& path) {
  return path.empty() ? 0 : static_cast<size_t>(std::count(path.begin(), path.end(), '/')) + 1;
}

void check_size(const std::string& path) {
  if (path.size() > kMaxPathLength)
    throw Error("path longer than " + std::to_string(kMaxPathLength) + " bytes (" + std::to_string(path.size()) + ")");
  if (depth_of(path) > kMaxPathDepth)
    throw Error("path deeper than " + std::to_string(kMaxPathDepth) + " components (" + std::to_string(depth_of(path)) + ")");
}

}  // namespace

void check_entry_name(const std::string& raw) {
  // dpkg: "newline not allowed in archive object name"; .list is one path a line.
  if (raw.find('\n') != std::string::npos) throw Error("entry " + quoted_value(raw) + ": a newline in the name");
  if (raw.size() > kMaxPathLength + 2)  // room for "./" and a trailing "/"; the depth is checked once normalised
    throw Error("entry " + quoted_value(raw) + ": name longer than " + std::to_string(kMaxPathLength) + " bytes");
}

void check_entry_path(const std::string& path) {
  check_size(path);
  for (size_t start = 0; start < path.size();) {
    size_t end = std::min(path.find('/', start), path.size());
    if (path.compare(start, 4, ".wh.") == 0 && end - start >= 4)
      throw Error("'" + path.substr(start, end - start) +
                  "' is an OCI whiteout name: in a layer it would delete files of the layers below");
    start = end + 1;
  }
}

void check_xattrs(const std::vector<std::pair<std::string, std::string>>& xattrs) {
  for (const auto& [name, value] : xattrs) {
    if (name != "security.capability")
      throw Error("extended attribute " + quoted_value(name) + " is not allowed (only security.capability)");
    if (const std::string problem = file_capability_problem(value); !problem.empty())
      throw Error("security.capability is not a well-formed file capability (" + problem + ")");
  }
}

void check_device_location(const std::string& physical) {
  if (physical.rfind("dev/", 0) != 0)
    throw Error("a device node outside /dev (it lands at /" + physical + ")");
}

void check_identity(const PackageIdentity& control, const PackageIdentity& lock) {
  auto same = [](const char* field, const std::string& got, const std::string& want) {
    if (got != want)
      throw Error("control file: " + std::string(field) + " is " + quoted_value(got) + ", but the lock's stanza says " +
                  quoted_value(want));
  };
  same("Package", control.name, lock.name);
  same("Version", control.version, lock.version);
  same("Architecture", control.architecture, lock.architecture);
}

}  // namespace debimg
