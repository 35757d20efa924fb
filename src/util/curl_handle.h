#pragma once
// What every libcurl user here shares: one global init, a handle per thread
// (connections and DNS answers are reused), RAII for header lists, and how a
// transfer error reads and whether retrying can help.
#include <curl/curl.h>

#include <memory>
#include <string>

namespace debimg {

struct CurlListFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlList = std::unique_ptr<curl_slist, CurlListFree>;

// This thread's handle, reset, then set up as every transfer here is: the
// URL, an error buffer, debimg's user agent, no signals, the timeouts
// (connecting; seconds without a byte), and aborting on SIGINT/SIGTERM.
CURL* thread_curl(const std::string& url, char (&error_buffer)[CURL_ERROR_SIZE], long connect_timeout,
                  long stall_timeout);

bool transient_curl_error(CURLcode code);
// "cannot connect", "TLS certificate not trusted", … for one-line errors.
std::string curl_failure_kind(CURLcode code);

}  // namespace debimg
