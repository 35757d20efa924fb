#include "profile/apt_auth.h"

#include <apt-pkg/error.h>
#include <apt-pkg/fileutl.h>
#include <apt-pkg/netrc.h>
#include <apt-pkg/strutl.h>
#include <unistd.h>

#include "util/uri_userinfo.h"

namespace debimg {

std::optional<HttpLogin> apt_auth_login(const std::vector<std::string>& files, const std::string& uri) {
  const std::string origin = url_origin(uri);
  if (origin.empty()) return std::nullopt;  // file:// and the like take no login
  for (const auto& file : files) {
    if (::access(file.c_str(), R_OK) != 0) continue;
    FileFd fd;
    URI parsed(uri);
    if (!fd.Open(file, FileFd::ReadOnly)) {
      _error->Discard();
      continue;
    }
    MaybeAddAuth(fd, parsed);
    _error->Discard();  // libapt's notices about the file are not debimg's errors
    if (!parsed.User.empty()) return HttpLogin{origin, parsed.User, parsed.Password};
  }
  return std::nullopt;
}

}  // namespace debimg
