#include "push/credentials.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "push/registry_ref.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

namespace {

std::optional<json> read_json(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  try {
    return json::parse(read_file(path));
  } catch (const json::exception& e) {
    throw Error(path.string() + ": not valid JSON (" + std::string(e.what()) + ")");
  }
}

Credentials split_user_password(const std::string& text, const std::string& what) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0) throw Error(what + ": expected USER:PASSWORD");
  return {text.substr(0, colon), text.substr(colon + 1)};
}

// The entry of `auths` for the registry: keys may carry a scheme or a path.
std::optional<Credentials> from_auths(const json& config, const std::string& key, const std::string& what) {
  if (!config.contains("auths") || !config["auths"].is_object()) return std::nullopt;
  for (const auto& [name, entry] : config["auths"].items()) {
    if (registry_key(name) != key || !entry.is_object()) continue;
    if (entry.contains("identitytoken") && entry["identitytoken"].is_string() && !entry["identitytoken"].get<std::string>().empty())
      return Credentials{"", entry["identitytoken"], true};
    if (entry.contains("auth") && entry["auth"].is_string()) {
      auto decoded = base64_decode(entry["auth"]);
      if (!decoded) throw Error(what + ": auths." + name + ".auth is not valid base64");
      return split_user_password(*decoded, what + ": auths." + name + ".auth");
    }
    if (entry.contains("username") && entry.contains("password"))
      return Credentials{entry["username"], entry["password"]};
  }
  return std::nullopt;
}

// docker-credential-HELPER get: the server on stdin, JSON on stdout.
std::optional<Credentials> from_helper(const std::string& helper, const std::string& registry) {
  const std::string program = "docker-credential-" + helper;
  ProcessOutput out;
  try {
    out = run_process_with_input({program, "get"}, registry);
  } catch (const Error&) {
    throw Error("credential helper " + program + " is configured but cannot be run (is it installed?)");
  }
  if (out.status != 0) {
    if (out.out.find("credentials not found") != std::string::npos) return std::nullopt;
    throw Error("credential helper " + program + " failed for " + registry + " (exit status " + std::to_string(out.status) + ")");
  }
  try {
    json j = json::parse(out.out);
    return Credentials{j.at("Username"), j.at("Secret")};
  } catch (const json::exception&) {
    throw Error("credential helper " + program + " gave no Username and Secret for " + registry);
  }
}

std::string helper_for(const json& config, const std::string& key) {
  if (config.contains("credHelpers") && config["credHelpers"].is_object())
    for (const auto& [name, helper] : config["credHelpers"].items())
      if (registry_key(name) == key && helper.is_string()) return helper;
  return "";
}

}  // namespace

fs::path docker_config_path() {
  if (const char* d = std::getenv("DOCKER_CONFIG"); d && *d) return fs::path(d) / "config.json";
  const char* home = std::getenv("HOME");
  return fs::path(home ? home : "/") / ".docker/config.json";
}

std::optional<Credentials> find_credentials(const std::string& registry, const CredentialOptions& options) {
  if (!options.creds.empty()) return split_user_password(options.creds, "--creds");
  if (!options.creds_file.empty()) {
    std::string text;
    try {
      text = read_file(options.creds_file);
    } catch (const Error&) {
      throw Error("--creds-file: cannot read " + options.creds_file.string());
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return split_user_password(text, options.creds_file.string());
  }
  const std::string key = registry_key(registry);
  const fs::path docker = docker_config_path();
  if (auto config = read_json(docker)) {
    if (std::string helper = helper_for(*config, key); !helper.empty()) return from_helper(helper, registry);
    if (auto c = from_auths(*config, key, docker.string())) return c;
    if (config->contains("credsStore") && (*config)["credsStore"].is_string())
      if (auto c = from_helper((*config)["credsStore"], registry)) return c;
  }
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) {
    const fs::path containers = fs::path(runtime) / "containers/auth.json";
    if (auto config = read_json(containers))
      if (auto c = from_auths(*config, key, containers.string())) return c;
  }
  return std::nullopt;
}

std::string store_credentials(const std::string& registry, const Credentials& credentials) {
  const fs::path path = docker_config_path();
  json config = read_json(path).value_or(json::object());
  const std::string key = registry_key(registry);
  std::string helper = helper_for(config, key);
  if (helper.empty() && config.contains("credsStore") && config["credsStore"].is_string()) helper = config["credsStore"];
  if (!helper.empty()) {
    const std::string program = "docker-credential-" + helper;
    const json payload{{"ServerURL", registry}, {"Username", credentials.username}, {"Secret", credentials.secret}};
    ProcessOutput out = run_process_with_input({program, "store"}, payload.dump());
    if (out.status != 0) throw Error("credential helper " + program + " could not store the credentials for " + registry);
    return program;
  }
  config["auths"][registry] = {{"auth", base64_encode(credentials.username + ":" + credentials.secret)}};
  fs::create_directories(path.parent_path());
  write_file_atomic(path, config.dump(1, '\t') + "\n", 0600);
  return path.string();
}

}  // namespace debimg
