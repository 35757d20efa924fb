#pragma once
// A multi-platform OCI layout from single-platform ones: every blob of
// each moved in (checked against its digest), an image index of their
// manifests, and index.json pointing at that index, its one entry, named by
// the tag (export/image_names.h): the layout buildkit and `skopeo copy --all`
// write. Each platform's artifacts (SBOMs, whose subject is its manifest)
// join the layout's referrers index (export/layout_referrers.h).
#include <filesystem>
#include <string>
#include <vector>

namespace debimg {

struct PlatformLayout {
  std::string architecture;      // Debian's name; the platform follows (export/oci_platform.h)
  std::filesystem::path layout;  // a layout whose index.json names one image manifest
};

struct IndexDigests {
  std::string index;                   // "sha256:…"
  std::vector<std::string> manifests;  // per platform, in order
};

// `layout` is an empty folder; the platform layouts are emptied into it.
IndexDigests write_image_index(const std::filesystem::path& layout, const std::vector<PlatformLayout>& platforms,
                               const std::string& tag);

}  // namespace debimg
