#pragma once
// The preinst scripts, run as dpkg runs them for a fresh install: the
// package's control members in /var/lib/dpkg/tmp.ci, `tmp.ci/preinst
// install` with dpkg's variables, one package at a time, and tmp.ci gone
// afterwards. debconf's frontend reads the package's name from
// tmp.ci/control and loads the templates and config beside the script, so
// its database records the owners dpkg would.
#include <string>
#include <vector>

#include "configure/sandbox.h"
#include "unpack/unpacked_package.h"

namespace debimg {

struct PreinstRun {
  const Sandbox* sandbox = nullptr;
  std::string dpkg_version;          // DPKG_RUNNING_VERSION
  std::vector<std::string> env;      // the scripts' environment (script_environment())
  std::string log_name;              // for messages
};

// Runs the preinst of each package that has one, in the order given; throws
// Error naming the package, the script's last output and the log.
void run_preinsts(const PreinstRun& run, const std::vector<const UnpackedPackage*>& packages);

// The control file text as dpkg-deb extracts it (fields in their order).
std::string control_text(const ControlFile& control);

}  // namespace debimg
