#pragma once
// The OCI distribution API, as a client pushing one repository: the
// authentication the registry asks for (none, Basic, or Bearer tokens from
// its token service, fetched again on a 401; docker's identity token as an
// OAuth2 refresh token), blob checks, cross-repository
// mounts, monolithic and chunked uploads, and manifests. libcurl underneath;
// transient failures (connection errors, 5xx, 429) are retried with backoff.
// Credentials go to the registry's own origin (scheme, host, port) only, and
// to its token service for the token request: a Location elsewhere (a
// storage backend) is sent no Authorization; https→http is refused.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "push/credentials.h"
#include "push/registry_ref.h"
#include "util/http.h"
#include "util/http_request.h"

namespace debimg {

struct RegistryOptions {
  bool insecure = false;  // plain http (always allowed for localhost and 127.0.0.1)
  TlsOptions tls;         // from --cert-dir
  CredentialOptions credentials;
  HttpOptions http = HttpOptions::from_environment();
  uint64_t chunk_size = 64ull << 20;  // larger blobs go up in chunks of this size
};

// TlsOptions from a folder laid out as skopeo's --cert-dir: *.crt CAs,
// *.cert and its *.key a client certificate.
TlsOptions tls_from_cert_dir(const std::filesystem::path& dir);

class RegistryClient {
 public:
  RegistryClient(RegistryRef ref, RegistryOptions options);

  // GET /v2/ with whatever authentication the registry asks for: checks
  // that the registry answers and the credentials are accepted.
  void check_login();
  bool has_blob(const std::string& digest);
  // Asks the registry to link the blob from another repository; false when it would not.
  bool mount_blob(const std::string& digest, const std::string& from_repository);
  void upload_blob(const std::string& digest, const std::filesystem::path& file, uint64_t size);
  struct ManifestPut {
    std::string digest;   // Docker-Content-Digest, "" when not sent
    std::string subject;  // OCI-Subject: the registry indexed the manifest's subject (the referrers API)
  };
  // PUT under `reference` (the tag, a manifest's digest, or a referrers
  // fallback tag "sha256-<hex>").
  ManifestPut put_manifest(const std::string& media_type, const std::string& body, const std::string& reference);
  // GET of an image index under a referrers fallback tag; nullopt when the tag does not exist.
  std::optional<std::string> get_fallback_index(const std::string& tag);

  const RegistryRef& ref() const { return ref_; }

 private:
  enum class Auth { none, basic, bearer };
  HttpResponse send(HttpRequest request, const std::string& scope);
  HttpResponse send_once(HttpRequest request);
  void set_base(const std::string& base);
  // Throws for a URL the registry names that must not be followed.
  void check_destination(const std::string& url, const std::string& what) const;
  void authenticate(const std::string& challenge, const std::string& scope);
  HttpResponse token_request(const std::string& realm, const std::string& service, const std::vector<std::string>& scopes);
  [[noreturn]] void fail(const HttpResponse& response, const std::string& what) const;
  std::string url(const std::string& path_or_location) const;

  RegistryRef ref_;
  RegistryOptions options_;
  std::string base_;    // "https://host:port"
  std::string origin_;  // base_ as url_origin gives it: where credentials may go
  std::optional<Credentials> credentials_;
  bool credentials_looked_up_ = false;
  Auth auth_ = Auth::none;
  std::string token_;
};

}  // namespace debimg
