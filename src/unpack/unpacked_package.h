#pragma once
// One package as unpacked: what dpkg's database records about it.
#include <map>
#include <string>
#include <vector>

#include "unpack/control_file.h"

namespace debimg {

struct UnpackedPackage {
  ControlFile control;
  std::string name, architecture, version;
  bool multi_arch_same = false;
  std::vector<std::string> files;            // info/NAME.list: "/." then every path in tar order
  std::map<std::string, std::string> info;   // info/NAME.<member>: preinst, postinst, md5sums, conffiles, ...
  std::vector<std::string> conffiles;        // absolute paths, as in DEBIAN/conffiles

  // dpkg's file name stem in info/: NAME, or NAME:ARCH for Multi-Arch: same.
  std::string info_name() const { return multi_arch_same ? name + ":" + architecture : name; }
};

}  // namespace debimg
