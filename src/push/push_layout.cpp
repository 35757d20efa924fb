#include "push/push_layout.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>

#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "export/layout_referrers.h"
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

// docker-distribution's limit for a manifest PUT: anything larger would be refused there.
constexpr uint64_t kMaxManifestSize = 4 << 20;
constexpr const char* kIndexType = "application/vnd.oci.image.index.v1+json";

bool is_image_manifest_type(const std::string& t) {
  return t == "application/vnd.oci.image.manifest.v1+json" || t == "application/vnd.docker.distribution.manifest.v2+json";
}
bool is_image_index_type(const std::string& t) {
  return t == "application/vnd.oci.image.index.v1+json" || t == "application/vnd.docker.distribution.manifest.list.v2+json";
}

// RFC 6838 type/subtype, as the image spec asks of every descriptor's mediaType.
bool is_media_type(const std::string& t) {
  static const std::regex grammar(R"(^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$)");
  return std::regex_match(t, grammar);
}

// A platform field (GOOS, GOARCH, a variant): one short token, safe in a message.
bool is_platform_token(const std::string& t) {
  static const std::regex grammar(R"(^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$)");
  return std::regex_match(t, grammar);
}

std::string string_field(const json& object, const char* name, const std::string& where) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_string())
    throw Error(where + ": no " + name + " string");
  return object[name].get<std::string>();
}

json parse_json(const std::string& text, const std::string& where) {
  try {
    return json::parse(text);
  } catch (const json::exception&) {
    throw Error(where + ": not valid JSON");
  }
}

// "linux/arm64/v8" from an index entry's platform, each part checked.
std::string platform_of(const json& entry, const std::string& where) {
  if (!entry.contains("platform") || !entry["platform"].is_object()) throw Error(where + ": no platform");
  const json& p = entry["platform"];
  std::string text;
  for (const char* field : {"os", "architecture", "variant"}) {
    if (std::string(field) == "variant" && !p.contains(field)) break;
    const std::string value = string_field(p, field, where + ".platform");
    if (!is_platform_token(value))
      throw Error(where + ".platform." + field + ": " + quoted_value(value) + " is not a platform name");
    text += (text.empty() ? "" : "/") + value;
  }
  return text;
}

struct Descriptor {
  std::string digest, media_type;
  uint64_t size = 0;
  fs::path file;
};

class LayoutReader {
 public:
  LayoutReader(const fs::path& layout, const std::string& name) : layout_(layout), name_(name) {}

  PushPlan read() {
    const fs::path index_path = layout_ / "index.json";
    std::error_code ec;
    if (!fs::is_regular_file(index_path, ec)) throw Error(name_ + ": not an OCI image layout (no index.json)");
    if (fs::file_size(index_path, ec) > kMaxManifestSize) throw Error(name_ + ": index.json is larger than 4 MiB");
    const json top = parse_json(read_file(index_path), name_ + ": index.json");
    if (!top.is_object() || !top.contains("manifests") || !top["manifests"].is_array() || top["manifests"].empty())
      throw Error(name_ + ": index.json names no manifest");
    auto [first, body] = read_manifest(top["manifests"][0], name_ + ": index.json: manifests[0]", true);
    if (!is_image_index_type(first.media_type)) {
      add_image(first, body);
      add_referrers(top);
      return std::move(plan_);
    }
    const std::string where = name_ + ": index " + first.digest;
    if (!body.contains("manifests") || !body["manifests"].is_array() || body["manifests"].empty())
      throw Error(where + ": names no manifest");
    std::set<std::string> manifests;
    for (size_t i = 0; i < body["manifests"].size(); ++i) {
      const json& entry = body["manifests"][i];
      const std::string entry_where = where + ": manifests[" + std::to_string(i) + "]";
      auto [m, image] = read_manifest(entry, entry_where, false);
      m.platform = platform_of(entry, entry_where);
      if (!manifests.insert(m.digest).second) continue;  // the same manifest listed twice goes up once
      add_image(m, image);
    }
    plan_.index = std::move(first);
    add_referrers(top);
    return std::move(plan_);
  }

 private:
  // A descriptor's fields, its digest checked before it names a file, and that file's size.
  Descriptor descriptor(const json& d, const std::string& where) const {
    if (!d.is_object()) throw Error(where + ": not a descriptor (a JSON object)");
    Descriptor out;
    out.media_type = string_field(d, "mediaType", where);
    if (!is_media_type(out.media_type)) throw Error(where + ".mediaType: " + quoted_value(out.media_type) + " is not a media type");
    out.digest = string_field(d, "digest", where);
    require_sha256_digest(out.digest, where + ".digest");
    if (!d.contains("size") || !d["size"].is_number_unsigned()) throw Error(where + ": no size (an unsigned integer)");
    out.size = d["size"].get<uint64_t>();
    out.file = layout_ / "blobs/sha256" / out.digest.substr(7);
    std::error_code ec;
    if (!fs::is_regular_file(out.file, ec))
      throw Error(where + ": blob " + out.digest + " is missing from the layout (blobs/sha256/" + out.digest.substr(7) + ")");
    if (const uint64_t actual = fs::file_size(out.file, ec); actual != out.size)
      throw Error(where + ": blob " + out.digest + " has " + std::to_string(actual) + " bytes, the descriptor says " +
                  std::to_string(out.size));
    return out;
  }

  // A manifest or index blob: a known media type, at most 4 MiB, its digest, JSON that says the same type.
  std::pair<LayoutManifest, json> read_manifest(const json& d, const std::string& where, bool index_allowed) const {
    const Descriptor blob = descriptor(d, where);
    if (!is_image_manifest_type(blob.media_type) && !(index_allowed && is_image_index_type(blob.media_type)))
      throw Error(where + ".mediaType: " + quoted_value(blob.media_type) + " is not an image manifest" +
                  (index_allowed ? " or index" : "") + " media type" +
                  (is_image_index_type(blob.media_type) ? " (an index inside an index is not supported)" : ""));
    if (blob.size > kMaxManifestSize) throw Error(where + ": " + blob.digest + " is larger than 4 MiB");
    LayoutManifest m{blob.digest, blob.media_type, read_file(blob.file), ""};
    if ("sha256:" + sha256_hex(m.text) != m.digest) throw Error(where + ": blob " + m.digest + " does not match its digest");
    const std::string kind = is_image_index_type(m.media_type) ? "index " : "manifest ";
    json body = parse_json(m.text, name_ + ": " + kind + m.digest);
    if (!body.is_object() || !body.contains("schemaVersion") || body["schemaVersion"] != 2)
      throw Error(name_ + ": " + kind + m.digest + ": schemaVersion is not 2");
    if (body.contains("mediaType") && body["mediaType"] != m.media_type) {
      const json& said = body["mediaType"];
      throw Error(where + ": blob " + m.digest + " says mediaType " +
                  quoted_value(said.is_string() ? said.get<std::string>() : said.dump()) + ", the descriptor " + m.media_type);
    }
    return {std::move(m), std::move(body)};
  }

  // An image manifest's config and layers, each blob checked and listed once.
  void add_image(const LayoutManifest& m, const json& body) {
    const std::string where = name_ + ": manifest " + m.digest;
    if (!body.contains("config") || !body.contains("layers") || !body["layers"].is_array())
      throw Error(where + ": no config or layers");
    add_blob(body["config"], where + ": config");
    for (size_t i = 0; i < body["layers"].size(); ++i) add_blob(body["layers"][i], where + ": layers[" + std::to_string(i) + "]");
    plan_.manifests.push_back(m);
  }

  // Artifacts of what the plan sends: those of the layout's referrers index
  // (named by index.json's annotation, export/layout_referrers.h), and the
  // index.json entries after the first (where oras and earlier debimg list them).
  void add_referrers(const json& top) {
    for (const auto& m : plan_.manifests) subjects_.insert(m.digest);
    if (plan_.index) subjects_.insert(plan_.index->digest);
    const json& entries = top["manifests"];
    for (size_t i = 1; i < entries.size(); ++i) add_referrer(entries[i], name_ + ": index.json: manifests[" + std::to_string(i) + "]");
    const json annotations = top.value("annotations", json::object());
    if (!annotations.is_object() || !annotations.contains(kReferrersAnnotation)) return;
    const std::string where = name_ + ": index.json: annotation " + kReferrersAnnotation;
    const json& named = annotations[kReferrersAnnotation];
    const std::string digest = named.is_string() ? named.get<std::string>() : "";
    require_sha256_digest(digest, where);
    // Gone (umoci gc keeps only what index.json's entries reach): the image goes up without its SBOMs.
    std::error_code ec;
    const uintmax_t size = fs::file_size(layout_ / "blobs/sha256" / digest.substr(7), ec);
    if (ec == std::errc::no_such_file_or_directory) return;
    const json d = {{"mediaType", kIndexType}, {"digest", digest}, {"size", ec ? 0 : size}};
    const auto [index, body] = read_manifest(d, where, true);
    if (!body.contains("manifests") || !body["manifests"].is_array()) throw Error(where + ": " + digest + " lists no manifests");
    for (size_t i = 0; i < body["manifests"].size(); ++i)
      add_referrer(body["manifests"][i], where + ": manifests[" + std::to_string(i) + "]");
  }

  // An image manifest whose `subject` is one of the plan's, with its blobs.
  void add_referrer(const json& entry, const std::string& where) {
    if (!entry.is_object() || !entry.contains("mediaType") || !entry["mediaType"].is_string() ||
        !is_image_manifest_type(entry["mediaType"].get<std::string>()))
      return;
    auto [m, body] = read_manifest(entry, where, false);
    if (!body.contains("subject")) return;  // another image of the layout, not an artifact
    // Its size checked against the subject's blob in the layout.
    const Descriptor subject = descriptor(body["subject"], name_ + ": manifest " + m.digest + ": subject");
    if (!subjects_.count(subject.digest)) return;  // an artifact of something this push does not send
    if (!referrers_.insert(m.digest).second) return;  // listed twice: pushed once
    if (!body.contains("config") || !body.contains("layers") || !body["layers"].is_array())
      throw Error(name_ + ": manifest " + m.digest + ": no config or layers");
    std::string type = body.contains("artifactType") && body["artifactType"].is_string() ? body["artifactType"].get<std::string>()
                                                                                        : string_field(body["config"], "mediaType", where);
    if (!is_media_type(type)) throw Error(name_ + ": manifest " + m.digest + ": artifactType " + quoted_value(type) + " is not a media type");
    add_blob(body["config"], name_ + ": manifest " + m.digest + ": config");
    for (size_t l = 0; l < body["layers"].size(); ++l)
      add_blob(body["layers"][l], name_ + ": manifest " + m.digest + ": layers[" + std::to_string(l) + "]");
    plan_.referrers.push_back({std::move(m), subject.digest, std::move(type), subject.size});
  }

  void add_blob(const json& d, const std::string& where) {
    const Descriptor blob = descriptor(d, where);  // its size is the file's: a shared digest has one size
    if (!listed_.insert(blob.digest).second) return;
    if ("sha256:" + sha256_file(blob.file) != blob.digest) throw Error(where + ": blob " + blob.digest + " does not match its digest");
    plan_.blobs.push_back({blob.digest, blob.size, blob.file});
  }

  fs::path layout_;
  std::string name_;
  std::set<std::string> listed_;  // the blobs in plan_ so far
  std::set<std::string> subjects_, referrers_;  // the plan's manifests and index; the artifacts taken so far
  PushPlan plan_;
};

}  // namespace

PushPlan read_push_plan(const fs::path& layout, const std::string& name) { return LayoutReader(layout, name).read(); }

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

}  // namespace debimg
