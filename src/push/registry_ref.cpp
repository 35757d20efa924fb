#include "push/registry_ref.h"

#include <regex>

#include "util/error.h"

namespace debimg {

namespace {

const char* kHub = "registry-1.docker.io";

}  // namespace

bool RegistryRef::loopback() const {
  const std::string host = registry.substr(0, registry.rfind(':') == std::string::npos ? registry.size() : registry.rfind(':'));
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

bool is_repository_name(const std::string& name) {
  // The distribution spec's path components, joined by '/'.
  static const std::regex component("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  for (size_t start = 0;;) {
    const size_t end = name.find('/', start);
    if (!std::regex_match(name.substr(start, end == std::string::npos ? std::string::npos : end - start), component))
      return false;
    if (end == std::string::npos) return true;
    start = end + 1;
  }
}

RegistryRef parse_registry_ref(const std::string& text) {
  // The distribution spec's grammar, without digests (a push names a tag).
  static const std::regex tag_re("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  std::string rest = text;
  if (rest.rfind("docker://", 0) == 0) rest = rest.substr(9);
  RegistryRef ref;
  const size_t slash = rest.find('/');
  const std::string first = rest.substr(0, slash);
  if (slash != std::string::npos &&
      (first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost")) {
    ref.registry = first;
    rest = rest.substr(slash + 1);
  } else {
    ref.registry = kHub;
  }
  if (const size_t colon = rest.rfind(':'); colon != std::string::npos && rest.find('/', colon) == std::string::npos) {
    ref.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  if (rest.find('@') != std::string::npos) throw Error("'" + text + "': push to a tag, not a digest");
  if (ref.registry == kHub && rest.find('/') == std::string::npos) rest = "library/" + rest;
  if (!is_repository_name(rest))
    throw Error("'" + text + "' is not an image reference (REGISTRY/REPOSITORY[:TAG], lower-case names)");
  if (!std::regex_match(ref.tag, tag_re)) throw Error("'" + text + "': '" + ref.tag + "' is not a valid tag");
  ref.repository = rest;
  return ref;
}

std::string registry_key(const std::string& registry) {
  std::string key = registry;
  if (const size_t scheme = key.find("://"); scheme != std::string::npos) key = key.substr(scheme + 3);
  if (const size_t slash = key.find('/'); slash != std::string::npos) key = key.substr(0, slash);
  if (key == "index.docker.io" || key == kHub || key == "registry.hub.docker.com") key = "docker.io";
  return key;
}

}  // namespace debimg
