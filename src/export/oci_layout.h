#pragma once
// The OCI image layout around a layer: config (from the profile's `image:`
// section, created = SOURCE_DATE_EPOCH), manifest, index.json naming it by
// `image.tag` (export/image_names.h) as its one entry, oci-layout. JSON with sorted keys and no whitespace: the same inputs give
// the same bytes, hence the same digests.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "export/layer_writer.h"
#include "profile/profile.h"

namespace debimg {

struct ImageFacts {
  std::string architecture;  // Debian's name (amd64, arm64, armhf, …)
  int64_t created = 0;       // SOURCE_DATE_EPOCH
  std::string os_version;    // VERSION_ID from the image's /etc/os-release
  size_t packages = 0;
};

struct LayoutDigests {
  std::string manifest, config;  // "sha256:…"
};

// Writes blobs/sha256/<config>, <manifest>, index.json and oci-layout into
// `layout` (whose blobs/sha256/ already holds the layers).
LayoutDigests write_oci_layout(const std::filesystem::path& layout, const std::vector<LayerBlob>& layers,
                               const Profile& profile, const ImageFacts& facts);

// Writes `content` as blobs/sha256/<its SHA-256> of `layout`; returns "sha256:…".
std::string store_blob(const std::filesystem::path& layout, const std::string& content);

// "2026-07-11T10:16:37Z"
std::string rfc3339(int64_t epoch);

}  // namespace debimg
