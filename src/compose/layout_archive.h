#pragma once
// An OCI layout as one tar (oci-archive, docker-archive): root-owned,
// folders 0755, files 0644, mtimes at the epoch, entries sorted, so the same
// layout gives the same bytes.
#include <cstdint>
#include <filesystem>

namespace debimg {

void write_layout_archive(const std::filesystem::path& layout, int64_t epoch, const std::filesystem::path& archive);

}  // namespace debimg
