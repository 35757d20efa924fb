#include "util/uri_userinfo.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace debimg {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool is_scheme(const std::string& s) {
  return !s.empty() && std::isalpha(static_cast<unsigned char>(s.front())) &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '.' || c == '-'; });
}

struct UrlFree {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

std::string part(CURLU* u, CURLUPart which, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, which, &value, flags) != CURLUE_OK || !value) return "";
  std::string out(value);
  curl_free(value);
  return out;
}

}  // namespace

UriUserinfo split_userinfo(const std::string& uri) {
  UriUserinfo out;
  out.uri = uri;
  const size_t separator = uri.find("://");
  if (separator == std::string::npos || !is_scheme(uri.substr(0, separator))) return out;
  const size_t start = separator + 3;
  const size_t end = std::min(uri.find_first_of("/?#", start), uri.size());
  // The last '@' of the authority ends the userinfo, as RFC 3986 and libcurl read it.
  const size_t at = end == start ? std::string::npos : uri.rfind('@', end - 1);
  if (at == std::string::npos || at < start) return out;
  const std::string userinfo = uri.substr(start, at - start);
  const size_t colon = userinfo.find(':');
  out.login = percent_decode(userinfo.substr(0, colon));
  if (colon != std::string::npos) out.password = percent_decode(userinfo.substr(colon + 1));
  out.uri = uri.substr(0, start) + uri.substr(at + 1);
  out.present = true;
  return out;
}

std::string without_userinfo(const std::string& uri) { return split_userinfo(uri).uri; }

std::string url_origin(const std::string& url) {
  std::unique_ptr<CURLU, UrlFree> u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "";
  std::string scheme = part(u.get(), CURLUPART_SCHEME), host = part(u.get(), CURLUPART_HOST);
  const std::string port = part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (scheme.empty() || host.empty() || port.empty()) return "";
  for (std::string* s : {&scheme, &host})
    std::transform(s->begin(), s->end(), s->begin(), [](unsigned char c) { return std::tolower(c); });
  return scheme + "://" + host + ":" + port;
}

}  // namespace debimg
