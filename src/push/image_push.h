#pragma once
// Pushing an OCI image layout (a folder, or an oci-archive unpacked into the
// cache first) to a registry: each blob checked against its digest locally,
// skipped when the registry has it, mounted from another repository of the
// same registry when this cache saw it pushed there, else uploaded; then the
// manifest, whose digest as the registry reports it must be the local one.
// A multi-platform layout (index.json names an image index) pushes every
// platform's blobs, a blob the platforms share once, each manifest by its
// digest, then the index under the tag. The image's artifacts
// (SBOMs) go up last, by digest; a registry without the referrers API (its
// answer has no OCI-Subject) gets the distribution spec's fallback: an image
// index of the subject's artifacts under the tag "sha256-<subject hex>",
// read, extended and written back.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "push/registry_client.h"
#include "cache/cache.h"

namespace debimg {

struct PushResult {
  std::string digest;  // the index's for a multi-platform layout, else the manifest's
  bool index = false;  // an image index went up under the tag
  size_t manifests = 0;  // image manifests pushed
  size_t blobs = 0, uploaded = 0, mounted = 0, present = 0;  // configs and layers, each digest once
  uint64_t uploaded_bytes = 0;
  size_t referrers = 0;           // artifacts pushed
  size_t fallback_tags = 0;       // of them, listed under a fallback tag (no referrers API)
};

// `image`: an OCI layout folder or an oci-archive file.
PushResult push_image(const std::filesystem::path& image, const RegistryRef& ref, const RegistryOptions& options,
                      const Cache& cache, const std::function<void(const std::string&)>& progress = {});

}  // namespace debimg
