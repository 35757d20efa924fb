#include "export/image_names.h"

#include <regex>

namespace debimg {

namespace {

// image-spec annotations.md: ref ::= component ("/" component)*, component ::=
// alphanum (separator alphanum)*, separator ::= [-._:@+] | "--".
bool is_layout_ref(const std::string& text) {
  static const std::regex grammar(R"(^[A-Za-z0-9]+(([-._:@+]|--)[A-Za-z0-9]+)*(/[A-Za-z0-9]+(([-._:@+]|--)[A-Za-z0-9]+)*)*$)");
  return std::regex_match(text, grammar);
}

}  // namespace

ImageTag split_image_tag(const std::string& image_tag) {
  const size_t colon = image_tag.rfind(':');
  if (colon != std::string::npos && image_tag.find('/', colon) == std::string::npos)
    return {image_tag.substr(0, colon), image_tag.substr(colon + 1)};
  return {image_tag, "latest"};
}

std::string layout_ref_name(const std::string& image_tag) {
  const ImageTag parts = split_image_tag(image_tag);
  if (const std::string full = parts.repository + ":" + parts.tag; is_layout_ref(full)) return full;
  return is_layout_ref(parts.tag) ? parts.tag : "latest";
}

std::string containerd_image_name(const std::string& image_tag) {
  const ImageTag parts = split_image_tag(image_tag);
  // Docker's rule: the first component names a registry when it has a '.' or
  // a ':' or is "localhost"; otherwise the image is on docker.io.
  const size_t slash = parts.repository.find('/');
  const std::string first = parts.repository.substr(0, slash);
  const bool has_registry = slash != std::string::npos && (first.find_first_of(".:") != std::string::npos || first == "localhost");
  std::string registry = has_registry ? first : "docker.io";
  std::string path = has_registry ? parts.repository.substr(slash + 1) : parts.repository;
  if (registry == "index.docker.io") registry = "docker.io";
  if (registry == "docker.io" && path.find('/') == std::string::npos) path = "library/" + path;
  return registry + "/" + path + ":" + parts.tag;
}

std::map<std::string, std::string> image_name_annotations(const std::string& image_tag) {
  return {{"org.opencontainers.image.ref.name", layout_ref_name(image_tag)},
          {"io.containerd.image.name", containerd_image_name(image_tag)}};
}

}  // namespace debimg
