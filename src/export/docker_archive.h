#pragma once
// `docker save` format made from an OCI layout: manifest.json ([{Config,
// RepoTags, Layers}]) and repositories beside the blobs. Without the layout's
// index.json and oci-layout, as docker before 25 writes it: `podman load`
// tries an OCI archive first and would read index.json instead of RepoTags.
#include <filesystem>
#include <string>

namespace debimg {

// Turns the layout at `layout` into that format for `tag` ("name:tag"); the
// caller then archives the folder.
void add_docker_manifest(const std::filesystem::path& layout, const std::string& tag);

// The OUT.load.sh that comes with a docker-archive OUT: `docker load` (or
// `podman load` where no docker daemon answers) of the archive beside it, then the
// tag on stdout.
std::string docker_load_script(const std::string& archive_name, const std::string& tag);

}  // namespace debimg
