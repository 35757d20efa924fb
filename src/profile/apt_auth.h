#pragma once
// apt's login files (apt_auth.conf(5)): the netrc-like `machine HOST[:PORT][/PATH]
// login L password P` entries apt uses for its sources, matched by libapt's
// own reader, so an entry means to debimg what it means to apt (an entry
// without a protocol only for https, a path as a prefix).
#include <optional>
#include <string>
#include <vector>

#include "util/http.h"

namespace debimg {

// The login apt would send for `uri` (an archive root without userinfo),
// from the first of `files` with a matching entry; files debimg cannot
// read (auth.conf is often root's only) are passed over.
std::optional<HttpLogin> apt_auth_login(const std::vector<std::string>& files, const std::string& uri);

}  // namespace debimg
