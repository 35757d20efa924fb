#include "push/registry_client.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "util/base64.h"
#include "util/error.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/percent_encode.h"
#include "util/uri_userinfo.h"
#include "validate/identifiers.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

namespace {

// `Bearer realm="…",service="…",scope="…"` → scheme and parameters.
std::pair<std::string, std::map<std::string, std::string>> parse_challenge(const std::string& header) {
  const size_t space = header.find(' ');
  std::string scheme = header.substr(0, space);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  std::map<std::string, std::string> params;
  static const std::regex param(R"re(([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|([^,\s]*)))re");
  if (space != std::string::npos) {
    const std::string rest = header.substr(space + 1);
    for (std::sregex_iterator it(rest.begin(), rest.end(), param), end; it != end; ++it)
      params[(*it)[1]] = (*it)[2].matched ? (*it)[2].str() : (*it)[3].str();
  }
  return {scheme, params};
}

std::string registry_message(const HttpResponse& r) {
  try {
    json j = json::parse(r.body);
    const json& e = j.at("errors").at(0);
    std::string text = e.value("message", "");
    if (e.contains("code")) text = e["code"].get<std::string>() + (text.empty() ? "" : ": " + text);
    return text;
  } catch (const json::exception&) {
    return "";
  }
}

void backoff(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(250 << (attempt - 1)));
  check_interrupted();
}

}  // namespace

TlsOptions tls_from_cert_dir(const fs::path& dir) {
  TlsOptions tls;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error("--cert-dir: " + dir.string() + " is not a folder");
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  std::string extra;
  for (const auto& p : entries) {
    if (p.extension() == ".crt") extra += read_file(p) + "\n";
    if (p.extension() == ".cert") {
      fs::path key = p;
      key.replace_extension(".key");
      if (!fs::exists(key, ec)) throw Error("--cert-dir: " + p.string() + " has no " + key.filename().string() + " beside it");
      tls.client_cert = p;
      tls.client_key = key;
    }
  }
  // The folder's CAs are trusted beside the system's: one bundle, made once.
  if (!extra.empty()) {
    try {
      tls.ca_pem = read_file("/etc/ssl/certs/ca-certificates.crt") + "\n";
    } catch (const Error&) {
    }
    tls.ca_pem += extra;
  }
  return tls;
}

RegistryClient::RegistryClient(RegistryRef ref, RegistryOptions options) : ref_(std::move(ref)), options_(std::move(options)) {}

std::string RegistryClient::url(const std::string& path_or_location) const {
  if (path_or_location.rfind("http://", 0) == 0 || path_or_location.rfind("https://", 0) == 0) return path_or_location;
  return base_ + path_or_location;
}

void RegistryClient::set_base(const std::string& base) {
  base_ = base;
  origin_ = url_origin(base_);
}

void RegistryClient::check_destination(const std::string& target, const std::string& what) const {
  const std::string origin = url_origin(target);
  if (origin.empty() || split_userinfo(target).present)
    throw Error(ref_.registry + ": " + what + " " + quoted_value(without_userinfo(target)) + " is not a usable http(s) URL");
  // Credentials and the image would travel in the clear, wherever the registry sends them.
  if (origin_.rfind("https://", 0) == 0 && origin.rfind("http://", 0) == 0)
    throw Error(ref_.registry + ": " + what + " points from https to plain http (" + origin + "); refusing the downgrade");
}

HttpResponse RegistryClient::send_once(HttpRequest request) {
  request.url = url(request.url);
  check_destination(request.url, "a URL the registry named");
  request.tls = &options_.tls;
  request.timeout = options_.http.stall_timeout;
  // Another origin (a storage backend the upload was sent to) gets no credentials.
  const bool own_origin = url_origin(request.url) == origin_;
  if (own_origin && auth_ == Auth::basic)
    request.headers.push_back("Authorization: Basic " + base64_encode(credentials_->username + ":" + credentials_->secret));
  if (own_origin && auth_ == Auth::bearer) request.headers.push_back("Authorization: Bearer " + token_);
  for (int attempt = 1;; ++attempt) {
    try {
      HttpResponse r = http_request(request);
      if ((r.status >= 500 || r.status == 429) && attempt < options_.http.attempts) {
        backoff(attempt);
        continue;
      }
      return r;
    } catch (const HttpError& e) {
      if (!e.transient() || attempt >= options_.http.attempts)
        throw HttpError(ref_.registry + ": " + e.what(), e.status(), e.transient(), e.tls_handshake());
      backoff(attempt);
    }
  }
}

HttpResponse RegistryClient::send(HttpRequest request, const std::string& scope) {
  if (base_.empty()) {
    // https first; plain http when asked for, or when a loopback registry does not speak TLS.
    set_base((options_.insecure ? "http://" : "https://") + ref_.registry);
    HttpRequest ping;
    ping.url = "/v2/";
    std::optional<HttpResponse> answer;
    try {
      answer = send_once(ping);
    } catch (const HttpError& e) {
      if (options_.insecure || !ref_.loopback() || !e.tls_handshake()) throw;
      set_base("http://" + ref_.registry);
      answer = send_once(ping);
    }
    // Authenticate ahead of the first real request, as the ping was asked to.
    if (answer->status == 401) authenticate(answer->header("www-authenticate"), scope);
  }
  for (int round = 0;; ++round) {
    HttpResponse r = send_once(request);
    // Only the registry's own challenge counts: another origin's could name any token service.
    if (r.status != 401 || round == 1 || url_origin(url(request.url)) != origin_) return r;
    // A token for another scope, an expired one, or none yet: ask again once.
    authenticate(r.header("www-authenticate"), scope);
  }
}

void RegistryClient::authenticate(const std::string& challenge, const std::string& scope) {
  auto [scheme, params] = parse_challenge(challenge);
  if (!credentials_looked_up_) {
    credentials_ = find_credentials(ref_.registry, options_.credentials);
    credentials_looked_up_ = true;
  }
  if (scheme == "basic") {
    if (!credentials_)
      throw Error(ref_.registry + ": the registry asks for credentials; log in with `debimg login " + ref_.registry +
                  "`, or give --creds or --creds-file");
    if (credentials_->identity_token)
      throw Error(ref_.registry + ": the registry asks for a password, but its credentials are an identity token, "
                  "which only a token service takes; log in with `debimg login " + ref_.registry + "`");
    auth_ = Auth::basic;
    return;
  }
  if (scheme != "bearer" || params["realm"].empty())
    throw Error(ref_.registry + ": unsupported authentication '" + challenge.substr(0, 40) + "'");
  check_destination(params["realm"], "its token service");
  // One scope per entry: the challenge's, and what this request needs.
  std::istringstream words(params["scope"] + " " + scope);
  std::vector<std::string> scopes;
  std::set<std::string> asked;
  for (std::string w; words >> w;)
    if (asked.insert(w).second) scopes.push_back(w);
  HttpResponse answer = token_request(params["realm"], params["service"], scopes);
  const std::string refused = !credentials_ ? "anonymous access" : credentials_->identity_token ? "the identity token" : "the credentials";
  // A refresh grant the service does not accept is an OAuth2 400 (invalid_grant).
  if (answer.status == 401 || answer.status == 403 || (answer.status == 400 && credentials_ && credentials_->identity_token))
    throw Error(ref_.registry + ": authentication failed: the token service refused " + refused + " for " +
                ref_.repository + (credentials_ ? "" : " (log in with `debimg login " + ref_.registry + "`)"));
  if (answer.status != 200) throw Error(ref_.registry + ": its token service answered HTTP " + std::to_string(answer.status));
  try {
    json j = json::parse(answer.body);
    token_ = j.contains("token") ? j["token"].get<std::string>() : j.at("access_token").get<std::string>();
  } catch (const json::exception&) {
    throw Error(ref_.registry + ": its token service sent no token");
  }
  auth_ = Auth::bearer;
}

// The token request, the one request Basic credentials go to besides the
// registry: GET with Basic (or anonymous), or for an identity token the
// distribution spec's OAuth2 POST with a refresh_token grant.
HttpResponse RegistryClient::token_request(const std::string& realm, const std::string& service,
                                           const std::vector<std::string>& scopes) {
  HttpRequest r;
  r.tls = &options_.tls;
  r.timeout = options_.http.stall_timeout;
  if (credentials_ && credentials_->identity_token) {
    std::string joined;
    for (const auto& s : scopes) joined += (joined.empty() ? "" : " ") + s;
    r.method = "POST";
    r.url = realm;
    r.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    r.body = "grant_type=refresh_token&refresh_token=" + percent_encode(credentials_->secret) +
             "&service=" + percent_encode(service) + "&scope=" + percent_encode(joined) + "&client_id=debimg";
  } else {
    r.url = realm + (realm.find('?') == std::string::npos ? "?" : "&") + "service=" + percent_encode(service);
    for (const auto& s : scopes) r.url += "&scope=" + percent_encode(s);
    if (credentials_)
      r.headers.push_back("Authorization: Basic " + base64_encode(credentials_->username + ":" + credentials_->secret));
  }
  try {
    return http_request(r);
  } catch (const HttpError& e) {
    throw Error(ref_.registry + ": its token service at " + url_origin(realm) + ": " + e.what());
  }
}

void RegistryClient::fail(const HttpResponse& r, const std::string& what) const {
  const std::string detail = registry_message(r);
  const std::string suffix = detail.empty() ? "" : " (" + detail + ")";
  if (r.status == 401)
    throw Error(ref_.registry + ": authentication failed" +
                (ref_.repository.empty() ? std::string() : " for " + ref_.repository) + ": the registry refused " +
                (credentials_ ? "the credentials" : "anonymous access") + suffix);
  if (r.status == 403) throw Error(ref_.registry + ": access to " + ref_.repository + " denied" + suffix);
  if (r.status == 404) throw Error(ref_.registry + ": " + what + ": repository " + ref_.repository + " not found" + suffix);
  throw Error(ref_.registry + ": " + what + " for " + ref_.repository + ": HTTP " + std::to_string(r.status) + suffix);
}

void RegistryClient::check_login() {
  HttpRequest r;
  r.url = "/v2/";
  HttpResponse answer = send(r, "");
  if (answer.status != 200) fail(answer, "login");
}

bool RegistryClient::has_blob(const std::string& digest) {
  HttpRequest r;
  r.method = "HEAD";
  r.url = "/v2/" + ref_.repository + "/blobs/" + digest;
  HttpResponse answer = send(r, "repository:" + ref_.repository + ":pull,push");
  if (answer.status == 200) return true;
  if (answer.status == 404) return false;
  fail(answer, "checking blob " + digest);
}

bool RegistryClient::mount_blob(const std::string& digest, const std::string& from) {
  HttpRequest r;
  r.method = "POST";
  r.url = "/v2/" + ref_.repository + "/blobs/uploads/?mount=" + percent_encode(digest) + "&from=" + percent_encode(from);
  HttpResponse answer = send(r, "repository:" + ref_.repository + ":pull,push repository:" + from + ":pull");
  if (answer.status == 201) return true;
  if (answer.status == 202) {  // not mounted: an upload was started instead; cancel it
    HttpRequest cancel;
    cancel.method = "DELETE";
    cancel.url = answer.header("location");
    if (!cancel.url.empty()) send(cancel, "repository:" + ref_.repository + ":pull,push");
    return false;
  }
  if (answer.status == 401 || answer.status == 403 || answer.status == 404) return false;  // no access to `from`
  fail(answer, "mounting blob " + digest);
}

void RegistryClient::upload_blob(const std::string& digest, const fs::path& file, uint64_t size) {
  const std::string scope = "repository:" + ref_.repository + ":pull,push";
  HttpRequest start;
  start.method = "POST";
  start.url = "/v2/" + ref_.repository + "/blobs/uploads/";
  HttpResponse answer = send(start, scope);
  if (answer.status != 202) fail(answer, "starting the upload of " + digest);
  std::string location = answer.header("location");
  if (location.empty()) throw Error(ref_.registry + ": the upload of " + digest + " got no Location");
  auto with_digest = [&](const std::string& loc) {
    return loc + (loc.find('?') == std::string::npos ? "?" : "&") + "digest=" + percent_encode(digest);
  };
  if (size > options_.chunk_size) {
    for (uint64_t offset = 0; offset < size; offset += options_.chunk_size) {
      const uint64_t length = std::min(options_.chunk_size, size - offset);
      HttpRequest chunk;
      chunk.method = "PATCH";
      chunk.url = location;
      chunk.body_file = file;
      chunk.body_offset = offset;
      chunk.body_length = length;
      chunk.headers = {"Content-Type: application/octet-stream",
                       "Content-Range: " + std::to_string(offset) + "-" + std::to_string(offset + length - 1)};
      HttpResponse c = send(chunk, scope);
      if (c.status != 202) fail(c, "uploading " + digest + " (chunk at " + std::to_string(offset) + ")");
      if (!c.header("location").empty()) location = c.header("location");
    }
    HttpRequest finish;
    finish.method = "PUT";
    finish.url = with_digest(location);
    finish.headers = {"Content-Type: application/octet-stream"};
    HttpResponse f = send(finish, scope);
    if (f.status != 201) fail(f, "finishing the upload of " + digest);
    return;
  }
  HttpRequest put;
  put.method = "PUT";
  put.url = with_digest(location);
  put.body_file = file;
  put.body_length = size;
  put.headers = {"Content-Type: application/octet-stream"};
  HttpResponse p = send(put, scope);
  if (p.status != 201) fail(p, "uploading " + digest);
}

namespace {

// The distribution spec's referrers fallback tag: "sha256-" and 64 hex digits.
bool is_fallback_tag(const std::string& reference) {
  return reference.size() == 71 && reference.rfind("sha256-", 0) == 0 && is_sha256_digest("sha256:" + reference.substr(7));
}

}  // namespace

RegistryClient::ManifestPut RegistryClient::put_manifest(const std::string& media_type, const std::string& body,
                                                         const std::string& reference) {
  // A reference becomes part of the URL: only the tag, a sha256 digest or a fallback tag.
  if (reference != ref_.tag && !is_fallback_tag(reference)) require_sha256_digest(reference, ref_.registry + ": a manifest reference");
  HttpRequest r;
  r.method = "PUT";
  r.url = "/v2/" + ref_.repository + "/manifests/" + reference;
  r.body = body;
  r.headers = {"Content-Type: " + media_type};
  HttpResponse answer = send(r, "repository:" + ref_.repository + ":pull,push");
  if (answer.status != 201 && answer.status != 200) fail(answer, "putting the manifest");
  ManifestPut out{answer.header("docker-content-digest"), answer.header("oci-subject")};
  if (!out.digest.empty()) require_oci_digest(out.digest, ref_.registry + ": the manifest PUT's Docker-Content-Digest");
  if (!out.subject.empty()) require_oci_digest(out.subject, ref_.registry + ": the manifest PUT's OCI-Subject");
  return out;
}

std::optional<std::string> RegistryClient::get_fallback_index(const std::string& tag) {
  if (!is_fallback_tag(tag)) throw Error(ref_.registry + ": " + quoted_value(tag) + " is not a referrers fallback tag");
  HttpRequest r;
  r.url = "/v2/" + ref_.repository + "/manifests/" + tag;
  r.headers = {"Accept: application/vnd.oci.image.index.v1+json"};
  r.max_body = 4 << 20;  // what a registry takes as a manifest
  HttpResponse answer = send(r, "repository:" + ref_.repository + ":pull,push");
  if (answer.status == 404) return std::nullopt;
  if (answer.status != 200) fail(answer, "reading the referrers tag " + tag);
  return answer.body;
}

}  // namespace debimg
