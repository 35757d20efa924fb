#include "push/image_push.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <regex>

#include "util/archive_handle.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/sha256.h"
#include "validate/identifiers.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

namespace {


// An oci-archive's layout files (index.json, oci-layout, blobs/sha256/*)
// written into `dest`; any other entry is refused.
void extract_layout(const fs::path& archive_path, const fs::path& dest) {
  ArchiveReader a(archive_read_new());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_filter_all(a.get());
  if (archive_read_open_filename(a.get(), archive_path.c_str(), 1 << 16) != ARCHIVE_OK)
    throw Error(archive_path.string() + ": not an oci-archive: " + archive_message(a.get()));
  static const std::regex allowed(R"(^(\./)?(index\.json|oci-layout|blobs/sha256/[0-9a-f]{64}|blobs/?|blobs/sha256/?|\./?)$)");
  fs::create_directories(dest / "blobs/sha256");
  struct archive_entry* e = nullptr;
  char buffer[1 << 16];
  while (true) {
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) throw Error(archive_path.string() + ": " + archive_message(a.get()));
    const std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    if (!std::regex_match(name, allowed)) throw Error(archive_path.string() + ": unexpected entry '" + name + "' in an oci-archive");
    if (archive_entry_filetype(e) != AE_IFREG) continue;
    UniqueFd out(::open((dest / (name.rfind("./", 0) == 0 ? name.substr(2) : name)).c_str(),
                        O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!out) throw Error("cannot unpack " + name + ": " + errno_text(errno));
    for (la_ssize_t n; (n = archive_read_data(a.get(), buffer, sizeof buffer)) != 0;) {
      if (n < 0) throw Error(archive_path.string() + ": " + name + ": " + archive_message(a.get()));
      write_all(out.get(), buffer, static_cast<size_t>(n), name);
    }
  }
}

// A string member of a JSON object, or Error naming `where`.
std::string string_field(const json& object, const char* name, const std::string& where) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_string())
    throw Error(where + ": no " + name + " string");
  return object[name].get<std::string>();
}

json read_json_file(const fs::path& path) {
  try {
    return json::parse(read_file(path));
  } catch (const json::exception&) {
    throw Error(path.string() + ": not valid JSON");
  }
}

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
  if (!fs::exists(layout / "index.json", ec)) throw Error(image.string() + ": not an OCI image layout (no index.json)");
  const json index = read_json_file(layout / "index.json");
  if (!index.is_object() || !index.contains("manifests") || !index["manifests"].is_array() || index["manifests"].empty())
    throw Error(image.string() + ": index.json names no manifest");
  const json& descriptor = index["manifests"][0];
  const std::string manifest_digest = string_field(descriptor, "digest", image.string() + ": index.json: manifests[0]");
  const std::string media_type = descriptor.value("mediaType", "application/vnd.oci.image.manifest.v1+json");
  // A digest becomes a file name here: only sha256 with 64 hex digits does.
  auto blob_path = [&](const std::string& digest, const std::string& where) {
    require_sha256_digest(digest, where);
    return layout / "blobs/sha256" / digest.substr(7);
  };
  const std::string manifest_text = read_file(blob_path(manifest_digest, image.string() + ": index.json: manifests[0].digest"));
  if ("sha256:" + sha256_hex(manifest_text) != manifest_digest) throw Error(image.string() + ": the manifest does not match its digest");
  json manifest;
  try {
    manifest = json::parse(manifest_text);
  } catch (const json::exception&) {
    throw Error(image.string() + ": the manifest is not valid JSON");
  }
  std::vector<std::pair<json, std::string>> blobs;  // descriptor, where it is in the manifest
  try {
    blobs.emplace_back(manifest.at("config"), "config");
    size_t i = 0;
    for (const auto& l : manifest.at("layers")) blobs.emplace_back(l, "layers[" + std::to_string(i++) + "]");
  } catch (const json::exception&) {
    throw Error(image.string() + ": the manifest has no config or layers");
  }

  RegistryClient client(ref, options);
  PushedBlobs pushed(cache, ref.registry);
  PushResult result;
  for (const auto& [b, name] : blobs) {
    const std::string where = image.string() + ": manifest " + manifest_digest + ": " + name;
    const std::string digest = string_field(b, "digest", where);
    if (!b.contains("size") || !b["size"].is_number_unsigned()) throw Error(where + ": no size");
    const uint64_t size = b["size"];
    const fs::path file = blob_path(digest, where + ".digest");
    if (!fs::exists(file, ec) || fs::file_size(file, ec) != size || "sha256:" + sha256_file(file) != digest)
      throw Error(image.string() + ": blob " + digest + " is missing or does not match its digest");
    ++result.blobs;
    if (client.has_blob(digest)) {
      ++result.present;
    } else if (std::string from = pushed.repository_of(digest, ref.repository);
               !from.empty() && client.mount_blob(digest, from)) {
      ++result.mounted;
      if (progress) progress("mounted " + digest.substr(0, 19) + " from " + from);
    } else {
      if (progress) progress("uploading " + digest.substr(0, 19) + " (" + std::to_string(size) + " bytes)");
      client.upload_blob(digest, file, size);
      ++result.uploaded;
      result.uploaded_bytes += size;
    }
    pushed.record(digest, ref.repository);
  }
  const std::string remote = client.put_manifest(media_type, manifest_text);
  if (!remote.empty() && remote != manifest_digest)
    throw Error(ref.registry + ": the registry stored the manifest as " + remote + ", not " + manifest_digest);
  pushed.save();
  result.digest = manifest_digest;
  return result;
}

}  // namespace debimg
