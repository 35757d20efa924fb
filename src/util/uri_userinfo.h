#pragma once
// Userinfo (`user:password@`) in a URI is a secret: it is split off where a
// URI enters debimg and used only for downloads from that origin, never
// written into an image, a lock, a message or --json output.
#include <string>

namespace debimg {

struct UriUserinfo {
  std::string uri;       // the URI without userinfo
  std::string login;     // percent-decoded
  std::string password;  // percent-decoded; empty when there was none
  bool present = false;
};

UriUserinfo split_userinfo(const std::string& uri);
std::string without_userinfo(const std::string& uri);

// "scheme://host:port" in lower case, the scheme's default port filled in
// (libcurl's parser, as for the request itself); "" when `url` names no
// host or cannot be parsed. Credentials go only to their own origin.
std::string url_origin(const std::string& url);

}  // namespace debimg
