#include "util/curl_handle.h"

#include "util/error.h"
#include "util/interrupt.h"

namespace debimg {

namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

struct CurlFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};


int abort_on_interrupt(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) { return interrupted() ? 1 : 0; }

}  // namespace

CURL* thread_curl(const std::string& url, char (&error_buffer)[CURL_ERROR_SIZE], long connect_timeout,
                  long stall_timeout) {
  static CurlGlobal global;
  thread_local std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) throw Error("cannot start libcurl");
  CURL* c = curl.get();
  curl_easy_reset(c);
  error_buffer[0] = 0;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "debimg/" DEBIMG_VERSION);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, connect_timeout);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, stall_timeout);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, abort_on_interrupt);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  return c;
}

bool transient_curl_error(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:  // resolvers time out under load; a real NXDOMAIN fails again
      return true;
    default:
      return false;
  }
}

std::string curl_failure_kind(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: return "DNS lookup failed";
    case CURLE_OPERATION_TIMEDOUT: return "timed out";
    case CURLE_PEER_FAILED_VERIFICATION: return "TLS certificate not trusted";
    case CURLE_SSL_CONNECT_ERROR: return "TLS handshake failed";
    case CURLE_SSL_CERTPROBLEM: return "TLS client certificate unusable";
    case CURLE_COULDNT_CONNECT: return "cannot connect";
    default: return "transfer failed";
  }
}

}  // namespace debimg
