#include "push/image_push.h"

#include <nlohmann/json.hpp>

#include <optional>

#include "push/push_layout.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"
#include "validate/identifiers.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

namespace {

// Which repositories of a registry this cache pushed each blob to, for mounts.
class PushedBlobs {
 public:
  PushedBlobs(const Cache& cache, const std::string& registry)
      : path_(cache.state_path("pushed/" + registry_key(registry) + ".json")) {
    known_ = json::object();
    json stored;
    try {
      stored = json::parse(cache.read_state("pushed/" + registry_key(registry) + ".json").value());
    } catch (...) {
      return;
    }
    // A cache file is not trusted: only well-formed digest → repository entries count.
    if (!stored.is_object()) return;
    for (const auto& [digest, repository] : stored.items())
      if (is_sha256_digest(digest) && repository.is_string() && is_repository_name(repository.get<std::string>()))
        known_[digest] = repository;
  }
  std::string repository_of(const std::string& digest, const std::string& except) const {
    if (known_.contains(digest) && known_[digest] != except) return known_[digest];
    return "";
  }
  void record(const std::string& digest, const std::string& repository) { known_[digest] = repository; }
  void save() const {
    fs::create_directories(path_.parent_path());
    write_file_atomic(path_, known_.dump());
  }

 private:
  fs::path path_;
  json known_;
};

// PUTs a manifest or index under `reference`; the digest the registry reports must be ours.
RegistryClient::ManifestPut put_checked(RegistryClient& client, const LayoutManifest& m, const std::string& reference,
                                        const std::string& what) {
  RegistryClient::ManifestPut put = client.put_manifest(m.media_type, m.text, reference);
  const std::string& remote = put.digest;
  if (!remote.empty() && remote != m.digest)
    throw Error(client.ref().registry + ": the registry stored the " + what + " as " + remote + ", not " + m.digest);
  return put;
}

constexpr const char* kReferrersIndexType = "application/vnd.oci.image.index.v1+json";

// The referrers fallback: the index under "sha256-<subject hex>" as the
// registry holds it (its answer is not trusted: only well-formed
// descriptors are kept), this artifact's descriptor added, written back.
void add_to_fallback_tag(RegistryClient& client, const LayoutReferrer& r) {
  const std::string tag = "sha256-" + r.subject.substr(7);
  const std::string where = client.ref().registry + ": the referrers tag " + tag;
  json manifests = json::array();
  if (const auto existing = client.get_fallback_index(tag)) {
    const json old = json::parse(*existing, nullptr, false);
    if (!old.is_object() || !old.contains("manifests") || !old["manifests"].is_array())
      throw Error(where + " holds something that is not an image index");
    for (const json& d : old["manifests"]) {
      if (!d.is_object() || !d.contains("digest") || !d["digest"].is_string() || !is_sha256_digest(d["digest"].get<std::string>()))
        throw Error(where + " lists a descriptor without a sha256 digest");
      if (d["digest"] != r.manifest.digest) manifests.push_back(d);
    }
  }
  const json body = json::parse(r.manifest.text);  // checked by read_push_plan
  json descriptor = {{"mediaType", r.manifest.media_type},
                     {"digest", r.manifest.digest},
                     {"size", r.manifest.text.size()},
                     {"artifactType", r.artifact_type}};
  if (body.contains("annotations") && body["annotations"].is_object()) descriptor["annotations"] = body["annotations"];
  manifests.push_back(descriptor);
  const std::string text = json{{"schemaVersion", 2}, {"mediaType", kReferrersIndexType}, {"manifests", manifests}}.dump();
  put_checked(client, LayoutManifest{"sha256:" + sha256_hex(text), kReferrersIndexType, text, ""}, tag, "referrers index");
}

}  // namespace

PushResult push_image(const fs::path& image, const RegistryRef& ref, const RegistryOptions& options, const Cache& cache,
                      const std::function<void(const std::string&)>& progress) {
  std::error_code ec;
  if (!fs::exists(image, ec)) throw Error(image.string() + ": no such image (an OCI layout folder or oci-archive)");
  std::optional<TempDir> unpacked;
  fs::path layout = image;
  if (!fs::is_directory(image, ec)) {
    unpacked.emplace(cache.scratch(), "push-");
    extract_layout(image, unpacked->path());
    layout = unpacked->path();
  }
  const PushPlan plan = read_push_plan(layout, image.string());

  RegistryClient client(ref, options);
  PushedBlobs pushed(cache, ref.registry);
  PushResult result;
  for (const LayoutBlob& blob : plan.blobs) {
    ++result.blobs;
    if (client.has_blob(blob.digest)) {
      ++result.present;
    } else if (std::string from = pushed.repository_of(blob.digest, ref.repository);
               !from.empty() && client.mount_blob(blob.digest, from)) {
      ++result.mounted;
      if (progress) progress("mounted " + blob.digest.substr(0, 19) + " from " + from);
    } else {
      if (progress) progress("uploading " + blob.digest.substr(0, 19) + " (" + std::to_string(blob.size) + " bytes)");
      client.upload_blob(blob.digest, blob.file, blob.size);
      ++result.uploaded;
      result.uploaded_bytes += blob.size;
    }
    pushed.record(blob.digest, ref.repository);
  }
  // Under an index each manifest goes up by digest (the index refers to them
  // so), and only the index takes the tag; a lone manifest takes the tag.
  for (const LayoutManifest& m : plan.manifests) {
    put_checked(client, m, plan.index ? m.digest : ref.tag, plan.index ? m.platform + " manifest" : "manifest");
    if (progress && plan.index) progress("pushed manifest " + m.digest.substr(0, 19) + " (" + m.platform + ")");
    ++result.manifests;
  }
  if (plan.index) put_checked(client, *plan.index, ref.tag, "index");
  for (const LayoutReferrer& r : plan.referrers) {
    const auto put = put_checked(client, r.manifest, r.manifest.digest, r.artifact_type + " artifact");
    ++result.referrers;
    if (progress) progress("pushed artifact " + r.manifest.digest.substr(0, 19) + " (" + r.artifact_type + ")");
    if (put.subject == r.subject) continue;  // the registry lists it among the subject's referrers
    add_to_fallback_tag(client, r);
    ++result.fallback_tags;
  }
  pushed.save();
  result.digest = plan.index ? plan.index->digest : plan.manifests.front().digest;
  result.index = plan.index.has_value();
  return result;
}

}  // namespace debimg
