#pragma once
// The artifacts (SBOMs) of the images in an OCI layout, kept where clients
// that take "the only image" of index.json (skopeo, podman, umoci,
// oci-image-tool) do not see a second one: an image index blob in the form
// of the distribution spec's referrers response (one descriptor per
// artifact manifest, with its artifactType and annotations), named by
// index.json's own annotation org.debimg.referrers. Each artifact names the
// image it describes as its OCI 1.1 `subject`; index.json keeps one entry.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace debimg {

// index.json's annotation that names the referrers index ("sha256:…").
inline constexpr const char* kReferrersAnnotation = "org.debimg.referrers";

// The referrers index's descriptors, each digest well-formed; an empty
// array when index.json names none. `index_digest`, when given, gets the
// referrers index's own digest (empty when none).
nlohmann::json read_layout_referrers(const std::filesystem::path& layout, std::string* index_digest = nullptr);

// Stores `descriptors` as the layout's referrers index and names it in
// index.json; an empty array drops the name.
void write_layout_referrers(const std::filesystem::path& layout, const nlohmann::json& descriptors);

// The descriptor a referrers index lists for an artifact manifest (its bytes).
nlohmann::json referrer_descriptor(const std::string& manifest_text);

}  // namespace debimg
