#include "util/http_request.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "util/curl_handle.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/interrupt.h"

namespace debimg {

namespace {

struct BodySink {
  std::string* body;
  uint64_t max;
  bool overflowed = false;
};

size_t on_body(char* data, size_t, size_t n, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  if (sink->body->size() + n > sink->max) {
    sink->overflowed = true;
    return 0;  // curl stops: CURLE_WRITE_ERROR
  }
  sink->body->append(data, n);
  return n;
}

size_t on_header(char* data, size_t, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, n);
  const size_t colon = line.find(':');
  if (colon == std::string::npos) return n;  // the status line, or the blank line
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string value = line.substr(colon + 1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.erase(0, 1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  (*headers)[name] = value;
  return n;
}

struct FileBody {
  int fd;
  uint64_t left;
};

size_t on_read(char* buffer, size_t size, size_t n, void* user) {
  auto* b = static_cast<FileBody*>(user);
  const size_t want = static_cast<size_t>(std::min<uint64_t>(size * n, b->left));
  ssize_t got = ::read(b->fd, buffer, want);
  if (got < 0) return CURL_READFUNC_ABORT;
  b->left -= static_cast<uint64_t>(got);
  return static_cast<size_t>(got);
}

}  // namespace

HttpResponse http_request(const HttpRequest& r) {
  char error_buffer[CURL_ERROR_SIZE];
  CURL* c = thread_curl(r.url, error_buffer, r.timeout, r.timeout);
  HttpResponse response;
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  BodySink sink{&response.body, r.max_body};
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);

  if (r.tls && !r.tls->ca_pem.empty()) {
    curl_blob blob{const_cast<char*>(r.tls->ca_pem.data()), r.tls->ca_pem.size(), CURL_BLOB_NOCOPY};
    curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &blob);
  }
  if (r.tls && !r.tls->client_cert.empty()) {
    curl_easy_setopt(c, CURLOPT_SSLCERT, r.tls->client_cert.c_str());
    curl_easy_setopt(c, CURLOPT_SSLKEY, r.tls->client_key.c_str());
  }

  CurlList headers;
  for (const auto& h : r.headers) headers.reset(curl_slist_append(headers.release(), h.c_str()));
  UniqueFd file;
  FileBody file_body{-1, 0};
  if (r.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (r.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    if (!r.body_file.empty()) {
      file.reset(::open(r.body_file.c_str(), O_RDONLY | O_CLOEXEC));
      if (!file || ::lseek(file.get(), static_cast<off_t>(r.body_offset), SEEK_SET) < 0)
        throw Error("cannot read " + r.body_file.string() + ": " + errno_text(errno));
      file_body = {file.get(), r.body_length};
      curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
      curl_easy_setopt(c, CURLOPT_READDATA, &file_body);
      curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(r.body_length));
      headers.reset(curl_slist_append(headers.release(), "Expect:"));  // no 100-continue round trip
    } else {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    }
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  CURLcode code = curl_easy_perform(c);
  check_interrupted();
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  if (sink.overflowed)
    throw HttpError("the response body is longer than " + std::to_string(r.max_body) + " bytes", 0, false, false);
  if (code != CURLE_OK) {
    const std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    throw HttpError(curl_failure_kind(code) + " (" + detail + ")", 0, transient_curl_error(code),
                    code == CURLE_SSL_CONNECT_ERROR);
  }
  return response;
}

}  // namespace debimg
