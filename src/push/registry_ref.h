#pragma once
// An image reference as docker and skopeo read it: [REGISTRY/]REPOSITORY[:TAG].
// No registry part means Docker Hub (registry-1.docker.io, `library/` for
// one-component names); no tag means `latest`.
#include <string>

namespace debimg {

struct RegistryRef {
  std::string registry;    // "localhost:5000", "registry-1.docker.io"
  std::string repository;  // "team/app"
  std::string tag = "latest";

  // "registry/repository:tag", as given back in messages.
  std::string str() const { return registry + "/" + repository + ":" + tag; }
  // Plain http: only for localhost and 127.0.0.1 (and --insecure).
  bool loopback() const;
};

// A repository name by the distribution spec: lower-case components ("team/app").
bool is_repository_name(const std::string& name);

// Throws Error naming `text` when it is no reference.
RegistryRef parse_registry_ref(const std::string& text);

// A registry as credentials are filed under it: "https://host/…" → "host";
// Docker Hub's names → "docker.io".
std::string registry_key(const std::string& registry);

}  // namespace debimg
