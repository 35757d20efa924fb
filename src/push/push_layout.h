#pragma once
// What a push sends, read from an OCI image layout that is not trusted: the
// descriptor index.json names first (an image manifest, or an image index of
// one manifest per platform), each manifest, each config and layer blob they
// name, and the artifacts whose subject is one of them: those of the
// layout's referrers index (export/layout_referrers.h) and any index.json
// lists after the first entry (other entries are not pushed). Every digest
// is well-formed before it names a file, every media type of a manifest or
// index is one debimg knows, and every blob has the size its descriptor says
// and its digest's SHA-256, all before any request is sent.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace debimg {

struct LayoutBlob {
  std::string digest;
  uint64_t size = 0;
  std::filesystem::path file;
};

struct LayoutManifest {
  std::string digest, media_type, text;
  std::string platform;  // "linux/arm64/v8" as the index names it; empty for a manifest index.json names
};

// An artifact of the image (an SBOM): an image manifest whose `subject` is
// one of the plan's manifests or its index.
struct LayoutReferrer {
  LayoutManifest manifest;
  std::string subject;        // the digest it refers to
  std::string artifact_type;  // its artifactType, else its config's media type
  uint64_t subject_size = 0;
};

struct PushPlan {
  std::vector<LayoutBlob> blobs;          // configs and layers in manifest order, a digest several manifests share once
  std::vector<LayoutManifest> manifests;  // the image manifests (by digest under an index, else under the tag)
  std::optional<LayoutManifest> index;    // the image index index.json names, pushed under the tag
  std::vector<LayoutReferrer> referrers;  // their blobs are in `blobs` too
};

// `layout`: an OCI layout folder; `name` the image as the user named it, for messages.
PushPlan read_push_plan(const std::filesystem::path& layout, const std::string& name);

// An oci-archive's layout files (index.json, oci-layout, blobs/sha256/*)
// written into `dest`; any other entry is refused.
void extract_layout(const std::filesystem::path& archive_path, const std::filesystem::path& dest);

}  // namespace debimg
