#include "sbom/image_sbom.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <map>

#include "push/push_layout.h"
#include "sbom/dep5.h"
#include "sbom/distro.h"
#include "sbom/dpkg_status.h"
#include "sbom/layer_files.h"
#include "sbom/package_metadata.h"
#include "util/error.h"
#include "util/files.h"
#include "util/strings.h"
#include "validate/identifiers.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

namespace {

// "linux/arm64" names "linux/arm64/v8" too: the variant may be left out.
bool platform_matches(const std::string& written, const std::string& platform) {
  return written == platform || (split(written, '/').size() == 2 && platform.rfind(written + "/", 0) == 0);
}

const LayoutManifest& pick_manifest(const PushPlan& plan, const std::string& platform, const std::string& what) {
  if (!plan.index) {
    if (!platform.empty()) throw Error(what + ": a one-platform image; --platform is for an image index");
    return plan.manifests.front();
  }
  std::vector<std::string> names;
  for (const auto& m : plan.manifests) names.push_back(m.platform);
  if (platform.empty())
    throw Error(what + ": an image of " + std::to_string(names.size()) + " platforms (" + join(names) +
                "): pick one with --platform");
  for (const auto& m : plan.manifests)
    if (platform_matches(platform, m.platform)) return m;
  throw Error(what + ": no platform " + quoted_value(platform) + " (it has " + join(names) + ")");
}

int64_t parse_created(const std::string& text) {
  struct tm tm = {};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return end && !*end ? static_cast<int64_t>(timegm(&tm)) : 0;
}

std::string layer_json_string(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

std::string default_name(const fs::path& image) {
  std::string stem = image.filename().empty() ? image.parent_path().filename().string() : image.filename().string();
  if (const size_t dot = stem.find('.'); dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
  std::string out;
  for (unsigned char c : stem) out += std::isalnum(c) || c == '.' || c == '-' || c == '_' ? static_cast<char>(std::tolower(c)) : '-';
  return out.empty() ? "image" : out;
}

}  // namespace

SbomInput sbom_from_image(const fs::path& image, const ImageSbomOptions& options) {
  const std::string what = image.string();
  std::optional<TempDir> unpacked;
  fs::path layout = image;
  std::error_code ec;
  if (!fs::exists(image, ec)) throw Error(what + ": no such file or folder");
  if (!fs::is_directory(image, ec)) {
    unpacked.emplace();
    extract_layout(image, unpacked->path());
    layout = unpacked->path();
  }
  const PushPlan plan = read_push_plan(layout, what);  // every blob checked against its digest
  const LayoutManifest& manifest = pick_manifest(plan, options.platform, what);
  const json body = json::parse(manifest.text);  // parsed and checked by read_push_plan
  const std::string where = what + ": manifest " + manifest.digest;

  std::vector<std::pair<std::string, fs::path>> layers;
  for (const json& layer : body["layers"]) {
    const std::string type = layer_json_string(layer, "mediaType"), digest = layer_json_string(layer, "digest");
    if (type != "application/vnd.oci.image.layer.v1.tar" && type != "application/vnd.oci.image.layer.v1.tar+gzip" &&
        type != "application/vnd.oci.image.layer.v1.tar+zstd")
      throw Error(where + ": layer " + digest + " has media type " + quoted_value(type) + ", not an OCI layer tar");
    layers.emplace_back(digest, layout / "blobs/sha256" / digest.substr(7));
  }
  // The config's digest was checked (read_push_plan), its content was not parsed.
  const std::string config_digest = layer_json_string(body["config"], "digest");
  const json config = json::parse(read_file(layout / "blobs/sha256" / config_digest.substr(7)), nullptr, false);
  if (!config.is_object()) throw Error(where + ": config " + config_digest + " is not a JSON object");
  const LayerFiles files = read_layer_files(layers, what);

  SbomInput in;
  in.name = options.name.empty() ? default_name(image) : options.name;
  std::string platform = manifest.platform;
  if (platform.empty()) {
    platform = layer_json_string(config, "os") + "/" + layer_json_string(config, "architecture");
    if (const std::string v = layer_json_string(config, "variant"); !v.empty()) platform += "/" + v;
  }
  in.image = SbomImage{in.name, manifest.digest, platform};
  in.created = sbom_epoch(parse_created(layer_json_string(config, "created")));  // the image's SOURCE_DATE_EPOCH

  auto file = [&](const std::string& path) -> const LayerFile* {
    const auto it = files.find(path);
    return it == files.end() ? nullptr : &it->second;
  };
  const LayerFile* os_release = file("etc/os-release");
  if (!os_release || os_release->symlink) os_release = file("usr/lib/os-release");
  if (os_release && !os_release->symlink) {
    const std::string id = os_release_field(os_release->content, "ID");
    if (is_package_name(id)) in.distro_id = id;
    in.distro = purl_distro(in.distro_id, os_release_field(os_release->content, "VERSION_ID"));
  }

  const LayerFile* status = file("var/lib/dpkg/status");
  if (!status) throw Error(what + ": the image has no var/lib/dpkg/status");
  std::map<std::pair<std::string, std::string>, const ResolvedPackage*> locked;  // (name, arch)
  std::optional<Lockfile> lock_platform;
  if (options.lock) {
    const std::string arch = layer_json_string(config, "architecture");
    lock_platform = options.lock->architectures.size() == 1 ? options.lock->platform(options.lock->architecture())
                                                             : options.lock->platform(arch);
    for (const auto& r : lock_platform->packages) locked[{r.name, r.architecture}] = &r;
  }
  std::vector<std::string> doc_links;
  for (const ControlFile& c : installed_packages(status->content, what + ": var/lib/dpkg/status")) {
    SbomPackage p;
    p.name = c.get("Package");
    p.version = c.get("Version");
    p.architecture = c.get("Architecture");
    const std::string stanza = what + ": var/lib/dpkg/status: package " + quoted_value(p.name);
    require_package_name(p.name, stanza + ": Package");
    require_version(p.version, stanza + ": Version");
    require_architecture(p.architecture, stanza + ": Architecture");
    apply_control(p, c, stanza);
    for (const char* field : {"Pre-Depends", "Depends"})
      for (const auto& d : c.names(field))
        if (is_package_name(d)) p.depends.push_back(d);
    if (const auto it = locked.find({p.name, p.architecture}); it != locked.end() && it->second->version == p.version) {
      p.sha256 = it->second->sha256;
      if (it->second->suite != "local") p.pool_path = it->second->filename;
      p.depends = it->second->depends_on;
    }
    const std::string doc = "usr/share/doc/" + p.name;
    if (const LayerFile* copyright = file(doc + "/copyright"); copyright && !copyright->symlink)
      p.licenses = dep5_licenses(copyright->content);
    const LayerFile* link = file(doc);
    doc_links.push_back(link && link->symlink ? doc_link_package(link->content) : "");
    in.packages.push_back(std::move(p));
  }
  // Sorted by name, then architecture, as a lock's packages are.
  std::vector<size_t> order(in.packages.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(in.packages[a].name, in.packages[a].architecture) < std::tie(in.packages[b].name, in.packages[b].architecture);
  });
  std::vector<SbomPackage> sorted;
  std::vector<std::string> sorted_links;
  for (size_t i : order) {
    sorted.push_back(std::move(in.packages[i]));
    sorted_links.push_back(doc_links[i]);
  }
  in.packages = std::move(sorted);
  inherit_licenses(in.packages, sorted_links);
  return in;
}

}  // namespace debimg
