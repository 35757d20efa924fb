#pragma once
// Pushing an OCI image layout (a folder, or an oci-archive unpacked into the
// cache first) to a registry: each blob checked against its digest locally,
// skipped when the registry has it, mounted from another repository of the
// same registry when this cache saw it pushed there, else uploaded; then the
// manifest, whose digest as the registry reports it must be the local one.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "push/registry_client.h"
#include "cache/cache.h"

namespace debimg {

struct PushResult {
  std::string digest;  // the manifest's
  size_t blobs = 0, uploaded = 0, mounted = 0, present = 0;
  uint64_t uploaded_bytes = 0;
};

// `image`: an OCI layout folder or an oci-archive file.
PushResult push_image(const std::filesystem::path& image, const RegistryRef& ref, const RegistryOptions& options,
                      const Cache& cache, const std::function<void(const std::string&)>& progress = {});

}  // namespace debimg
