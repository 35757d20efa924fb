#pragma once
// One HTTP request with any method, headers and body, its response's status,
// headers and body in memory (registry APIs: small JSON answers, blob
// uploads streamed from a file). Transport errors throw HttpError (http.h);
// HTTP statuses are the caller's to judge.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "util/http.h"

namespace debimg {

struct TlsOptions {
  std::string ca_pem;                  // trusted CAs (PEM) instead of the system's; empty: the system's
  std::filesystem::path client_cert;   // PEM certificate and key for client authentication
  std::filesystem::path client_key;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent unless body_file is set
  std::filesystem::path body_file;   // sent from this file: `body_length` bytes from `body_offset`
  uint64_t body_offset = 0, body_length = 0;
  const TlsOptions* tls = nullptr;
  long timeout = 60;                 // seconds without progress
  uint64_t max_body = 16 << 20;      // a longer response body is an error (a registry's answers are small)
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case; the last of a repeated header
  std::string body;

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

HttpResponse http_request(const HttpRequest& request);

}  // namespace debimg
