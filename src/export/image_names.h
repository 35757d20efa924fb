#pragma once
// The names `image.tag` gives an image where each client reads one:
// index.json's org.opencontainers.image.ref.name (within the OCI layout's
// grammar), io.containerd.image.name (a docker reference with its registry,
// which containerd's import and podman's oci-archive transport prefer), and
// a docker-archive's RepoTags.
#include <map>
#include <string>

namespace debimg {

struct ImageTag {
  std::string repository;  // "debimg/base"
  std::string tag;         // "1.2"; "latest" when image.tag has none
};

// "debimg/base:1.2" → {debimg/base, 1.2}; "host:5000/base" → {host:5000/base, latest}.
ImageTag split_image_tag(const std::string& image_tag);

// "REPOSITORY:TAG" when the OCI layout's ref grammar allows it (it does for
// every lowercase docker reference), else the tag alone, else "latest".
std::string layout_ref_name(const std::string& image_tag);

// The docker reference with its registry: "minideb:bookworm" →
// "docker.io/library/minideb:bookworm", as buildkit writes it.
std::string containerd_image_name(const std::string& image_tag);

// Both annotations, for index.json's one entry.
std::map<std::string, std::string> image_name_annotations(const std::string& image_tag);

}  // namespace debimg
