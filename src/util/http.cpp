#include "util/http.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include "util/curl_handle.h"
#include "util/fd.h"
#include "util/interrupt.h"
#include "util/files.h"
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

  // Back to nothing received, before a retry.
  void restart() {
    hash = Sha256();
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

// One attempt; throws HttpError.
void attempt(const std::string& url, Sink& sink, const HttpOptions& options) {
  char error_buffer[CURL_ERROR_SIZE];
  CURL* c = thread_curl(url, error_buffer, options.connect_timeout, options.stall_timeout);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  if (options.login && url_origin(url) == options.login->origin) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, options.login->login.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options.login->password.c_str());
  }
  CURLcode code = curl_easy_perform(c);
  check_interrupted();
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (sink.too_large)
    throw HttpError(url + ": wrong size: larger than the expected " + std::to_string(*sink.max_size) + " bytes", 0, false);
  if (sink.write_errno) throw HttpError(url + ": cannot store the download: " + errno_text(sink.write_errno), 0, false);
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
}

void with_retries(const std::string& url, Sink& sink, const HttpOptions& options) {
  for (int i = 1;; ++i) {
    try {
      attempt(url, sink, options);
      return;
    } catch (const HttpError& e) {
      if (!e.transient() || i >= options.attempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(250 << (i - 1)));
      check_interrupted();
      sink.restart();
    }
  }
}

}  // namespace

HttpOptions HttpOptions::from_environment() {
  HttpOptions o;
  if (const char* t = std::getenv("DEBIMG_HTTP_TIMEOUT"); t && std::atol(t) > 0)
    o.connect_timeout = o.stall_timeout = std::atol(t);
  if (const char* a = std::getenv("DEBIMG_HTTP_ATTEMPTS"); a && std::atoi(a) > 0) o.attempts = std::atoi(a);
  return o;
}

Download http_download(const std::string& url, const std::filesystem::path& dest, const HttpOptions& options) {
  UniqueFd fd(::open(dest.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) throw Error("cannot create " + dest.string() + ": " + errno_text(errno));
  Sink sink;
  sink.fd = fd.get();
  sink.max_size = options.max_size;
  try {
    with_retries(url, sink, options);
  } catch (...) {
    fd.reset();
    ::unlink(dest.c_str());
    throw;
  }
  return Download{sink.size, sink.hash.hex()};
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
