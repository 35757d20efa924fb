#pragma once
// Registry credentials where docker, podman and skopeo users keep them:
// --creds / --creds-file (CI), then $DOCKER_CONFIG/config.json or
// ~/.docker/config.json (credHelpers, auths, credsStore: the
// docker-credential-* protocol, secrets on stdin and stdout only), then
// $XDG_RUNTIME_DIR/containers/auth.json (auths). A secret never goes into
// messages or child process arguments.
#include <filesystem>
#include <optional>
#include <string>

namespace debimg {

struct Credentials {
  std::string username;
  std::string secret;  // password or identity token
  // docker's `identitytoken`: an OAuth2 refresh token, good only for a
  // token service's refresh_token grant, never sent as a password.
  bool identity_token = false;
};

struct CredentialOptions {
  std::string creds;                 // "USER:PASSWORD"
  std::filesystem::path creds_file;  // a file holding "USER:PASSWORD"
};

// Throws Error for unreadable or malformed sources (naming the file), or a
// credential helper that fails for another reason than "not found".
std::optional<Credentials> find_credentials(const std::string& registry, const CredentialOptions& options);

// As `docker login` stores them: through the config's credsStore helper
// when it names one, else base64 in its `auths` (the file written 0600,
// atomically). Returns where they went, for the message.
std::string store_credentials(const std::string& registry, const Credentials& credentials);

// $DOCKER_CONFIG/config.json, else ~/.docker/config.json.
std::filesystem::path docker_config_path();

}  // namespace debimg
