#include "util/http.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

#include "util/curl_handle.h"
#include "util/fd.h"
#include "util/interrupt.h"
#include "util/files.h"
#include "util/io_place.h"
#include "util/sha256.h"
#include "util/uri_userinfo.h"

namespace debimg {

namespace {

// Where the body goes while it streams: a file or a string, hashed on the way.
struct Sink {
  int fd = -1;
  std::string* buffer = nullptr;
  Sha256 hash;
  uint64_t size = 0;
  std::optional<uint64_t> max_size;
  bool too_large = false;
  int write_errno = 0;
  std::string sha256;  // once finished

  // The body's SHA-256 (the digest is finished once).
  const std::string& finish() {
    if (sha256.empty()) sha256 = hash.hex();
    return sha256;
  }

  // Back to nothing received, before a retry.
  void restart() {
    hash = Sha256();
    sha256.clear();
    size = 0;
    too_large = false;
    write_errno = 0;
    if (buffer) buffer->clear();
    if (fd >= 0 && (::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) != 0))
      throw Error("cannot truncate a download: " + errno_text(errno));
  }
};

size_t on_data(char* data, size_t, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->max_size && sink->size + n > *sink->max_size) {
    sink->too_large = true;
    return 0;
  }
  if (sink->buffer) {
    sink->buffer->append(data, n);
  } else {
    size_t done = 0;
    while (done < n) {
      ssize_t w = ::write(sink->fd, data + done, n - done);
      if (w < 0) {
        if (errno == EINTR) continue;
        sink->write_errno = errno;
        return 0;
      }
      done += static_cast<size_t>(w);
    }
  }
  sink->hash.update(data, n);
  sink->size += n;
  return n;
}

// Watches a transfer's progress: aborts on SIGINT/SIGTERM, and says so each
// time nothing has arrived for another `notice_after` seconds.
struct StallWatch {
  using Clock = std::chrono::steady_clock;
  const std::string* url;
  const HttpOptions* options;
  curl_off_t received = -1;
  Clock::time_point since = Clock::now();
  long noticed = 0;  // seconds of this stall already reported
};

int on_progress(void* user, curl_off_t, curl_off_t now_received, curl_off_t, curl_off_t) {
  if (interrupted()) return 1;
  auto* w = static_cast<StallWatch*>(user);
  const auto now = StallWatch::Clock::now();
  if (now_received != w->received) {
    w->received = now_received;
    w->since = now;
    w->noticed = 0;
    return 0;
  }
  const long quiet = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(now - w->since).count());
  const long step = w->options->stall_notice();
  if (w->options->on_stall && quiet >= w->noticed + step) {
    w->noticed = quiet - quiet % step;
    w->options->on_stall(*w->url + ": no data for " + std::to_string(w->noticed) + " s, still waiting (gives up after " +
                         std::to_string(w->options->stall_timeout) + " s without data)");
  }
  return 0;
}

// A retry neither reuses the connection that brought a bad answer nor takes
// a cache's copy of it.
void prefer_fresh_answer(CURL* c, CurlList& headers) {
  curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
  for (const char* h : {"Cache-Control: no-cache", "Pragma: no-cache"})
    headers.reset(curl_slist_append(headers.release(), h));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
}

// A body that is not the one expected: a corrupt transfer, transient unless
// it is a local file (which reads the same next time).
void check_body(const std::string& url, Sink& sink, const HttpOptions& options) {
  if (!options.expect) return;
  const ExpectedBody& e = *options.expect;
  if (!sink.too_large && sink.size == e.size && sink.finish() == e.sha256) return;
  const bool transient = !url.starts_with("file:");
  if (sink.too_large)
    throw HttpError(url + ": wrong size: larger than the expected " + std::to_string(e.size) + " bytes (" + e.source +
                        " says " + e.sha256 + ", " + std::to_string(e.size) + " bytes)",
                    0, transient);
  throw HttpError(url + ": SHA256 or size differs from " + e.source + " (got " + sink.finish() + ", " +
                      std::to_string(sink.size) + " bytes; " + e.source + " says " + e.sha256 + ", " +
                      std::to_string(e.size) + " bytes)",
                  0, transient);
}

// The thread's handle, set up for attempt `number` (from 1) of `url`.
CURL* start_attempt(const std::string& url, char (&error_buffer)[CURL_ERROR_SIZE], Sink& sink, StallWatch& watch,
                    CurlList& headers, const HttpOptions& options, int number) {
  CURL* c = thread_curl(url, error_buffer, options.connect_timeout, options.stall_timeout);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &watch);
  if (number > 1) prefer_fresh_answer(c, headers);
  if (options.login && url_origin(url) == options.login->origin) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, options.login->login.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options.login->password.c_str());
  }
  return c;
}

// What an attempt's outcome means: nothing for a good body, else HttpError.
void judge(const std::string& url, CURLcode code, long status, const char* error_buffer, Sink& sink,
           const HttpOptions& options) {
  if (sink.too_large && options.expect && status < 400) check_body(url, sink, options);
  if (sink.too_large)
    throw HttpError(url + ": wrong size: larger than the expected " + std::to_string(*sink.max_size) + " bytes", 0, false);
  if (sink.write_errno)
    throw HttpError(url + ": " + io_failure("store the download in", fd_path(sink.fd), sink.write_errno), 0, false);
  if (code == CURLE_FILE_COULDNT_READ_FILE) throw HttpError(url + ": not found", 404, false);
  if (code != CURLE_OK) {
    std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    std::string kind = code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_OPERATION_TIMEDOUT ||
                               code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CONNECT_ERROR ||
                               code == CURLE_COULDNT_CONNECT
                           ? curl_failure_kind(code)
                           : "download failed";
    throw HttpError(url + ": " + kind + " (" + detail + ")", 0, transient_curl_error(code));
  }
  if (status >= 400) {
    bool transient = status >= 500 || status == 408 || status == 429;
    std::string reason = status == 404 ? "404 Not Found" : status == 403 ? "403 Forbidden" : "HTTP " + std::to_string(status);
    throw HttpError(url + ": " + reason, status, transient);
  }
  check_body(url, sink, options);
}

// One attempt (`number` from 1); throws HttpError.
void attempt(const std::string& url, Sink& sink, const HttpOptions& options, int number) {
  char error_buffer[CURL_ERROR_SIZE];
  StallWatch watch{&url, &options};
  CurlList headers;
  CURL* c = start_attempt(url, error_buffer, sink, watch, headers, options, number);
  CURLcode code = curl_easy_perform(c);
  check_interrupted();
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  judge(url, code, status, error_buffer, sink, options);
}

std::string seconds_text(int milliseconds) {
  char text[16];
  std::snprintf(text, sizeof text, "%g s", milliseconds / 1000.0);
  return text;
}

void with_retries(const std::string& url, Sink& sink, const HttpOptions& options) {
  for (int i = 1;; ++i) {
    try {
      attempt(url, sink, options, i);
      return;
    } catch (const HttpError& e) {
      if (!e.transient() || i >= options.attempts) {
        if (i == 1) throw;
        throw HttpError(e.what() + std::string(" (after ") + std::to_string(i) + " attempts)", e.status(), e.transient(),
                        e.tls_handshake());
      }
      const int wait_ms = 250 << (i - 1);
      if (options.on_retry)
        options.on_retry(std::string(e.what()) + "; retrying in " + seconds_text(wait_ms) + " (attempt " +
                         std::to_string(i + 1) + " of " + std::to_string(options.attempts) + ")");
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      check_interrupted();
      sink.restart();
    }
  }
}

}  // namespace

long HttpOptions::stall_notice() const { return std::max(1L, std::min(15L, stall_timeout / 2)); }

HttpOptions HttpOptions::from_environment() {
  HttpOptions o;
  if (const char* t = std::getenv("DEBIMG_HTTP_TIMEOUT"); t && std::atol(t) > 0)
    o.connect_timeout = o.stall_timeout = std::atol(t);
  if (const char* a = std::getenv("DEBIMG_HTTP_ATTEMPTS"); a && std::atoi(a) > 0) o.attempts = std::atoi(a);
  return o;
}

Download http_download(const std::string& url, const std::filesystem::path& dest, const HttpOptions& options) {
  UniqueFd fd(::open(dest.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) throw Error(io_failure("create", dest, errno));
  Sink sink;
  sink.fd = fd.get();
  sink.max_size = options.max_size;
  if (options.expect && !sink.max_size) sink.max_size = options.expect->size;  // more is wrong: stop reading
  try {
    with_retries(url, sink, options);
  } catch (...) {
    fd.reset();
    ::unlink(dest.c_str());
    throw;
  }
  return Download{sink.size, sink.finish()};
}

std::string http_get(const std::string& url, const HttpOptions& options) {
  std::string body;
  Sink sink;
  sink.buffer = &body;
  sink.max_size = options.max_size;
  with_retries(url, sink, options);
  return body;
}

}  // namespace debimg
