#pragma once
// Downloads over http(s):// and file:// with libcurl: retries with backoff on
// transient failures (a body that is not the expected one among them), size
// limits, one warning line per retry and per stall, and one-line errors
// naming the URL. libcurl honours http_proxy, https_proxy and no_proxy.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "util/error.h"

namespace debimg {

class HttpError : public Error {
 public:
  HttpError(const std::string& message, long status, bool transient, bool tls_handshake = false)
      : Error(message), status_(status), transient_(transient), tls_handshake_(tls_handshake) {}
  long status() const { return status_; }  // HTTP status, 0 for transport errors
  bool not_found() const { return status_ == 404 || status_ == 410; }
  bool transient() const { return transient_; }
  // The TLS handshake failed (e.g. the server speaks plain HTTP), as opposed
  // to a certificate that is not trusted.
  bool tls_handshake() const { return tls_handshake_; }

 private:
  long status_;
  bool transient_;
  bool tls_handshake_;
};

// Basic credentials for one origin ("scheme://host:port", url_origin): sent
// on requests to it only; libcurl drops them on a redirect to another host,
// port or scheme.
struct HttpLogin {
  std::string origin;
  std::string login, password;
};

// What a body must be (a lock's or a signed Release's record of it). One
// that differs is a corrupt transfer: retried like a dropped connection, on a
// fresh one that asks caches not to answer, and never handed on.
struct ExpectedBody {
  std::string sha256;
  uint64_t size = 0;
  std::string source;  // who says so, for messages: "the lock", "the signed Release"
};

struct HttpOptions {
  int attempts = 4;            // first try plus retries of transient failures
  long connect_timeout = 30;   // seconds
  long stall_timeout = 60;     // seconds without a byte before giving up
  std::optional<uint64_t> max_size;  // refuse bodies larger than this
  std::optional<ExpectedBody> expect;  // http_download only
  std::optional<HttpLogin> login;    // apt's auth.conf or a source URI's userinfo
  // One line before each retry (what failed, attempt k of n, the wait), and
  // one each time a transfer has sent nothing for stall_notice() seconds
  // more; called on the downloading thread. Unset: silent.
  std::function<void(const std::string&)> on_retry, on_stall;

  // 15 s, or half the stall timeout when that is shorter: said while waiting, before giving up.
  long stall_notice() const;

  // Defaults, with DEBIMG_HTTP_TIMEOUT (seconds) and DEBIMG_HTTP_ATTEMPTS
  // from the environment when set: CI and tests shorten them.
  static HttpOptions from_environment();
};

struct Download {
  uint64_t size = 0;
  std::string sha256;  // of the body, computed while it streamed
};

// Writes the body to `dest` (created or truncated); on error `dest` is removed.
Download http_download(const std::string& url, const std::filesystem::path& dest, const HttpOptions& options);

// The body in memory (for small files such as InRelease).
std::string http_get(const std::string& url, const HttpOptions& options);

}  // namespace debimg
