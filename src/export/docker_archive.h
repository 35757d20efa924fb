#pragma once
// `docker save` format on top of an OCI layout, as Docker 25 writes it: the
// layout itself plus manifest.json ([{Config, RepoTags, Layers}]) and
// repositories, so `docker load`, `podman load` and skopeo read it.
#include <filesystem>
#include <string>

namespace debimg {

// Adds manifest.json and repositories to the layout at `layout` for `tag`
// ("name:tag"); the caller then archives the folder.
void add_docker_manifest(const std::filesystem::path& layout, const std::string& tag);

}  // namespace debimg
