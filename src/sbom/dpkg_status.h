#pragma once
// The installed packages of a dpkg status file (an image's
// var/lib/dpkg/status): one ControlFile per stanza whose Status says
// "installed", in file order.
#include <string>
#include <vector>

#include "unpack/control_file.h"

namespace debimg {

std::vector<ControlFile> installed_packages(const std::string& status, const std::string& what);

}  // namespace debimg
