#pragma once
// The configure stage, run as root of debimg's user namespace: the unpacked
// tree gets its real owners and modes, then preinst scripts run and the
// target's own dpkg configures every package (postinst, conffiles,
// triggers), chrooted, with /proc, a few /dev nodes, policy-rc.d and a no-op
// start-stop-daemon in place. Afterwards those helpers are gone again.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "unpack/file_table.h"
#include "unpack/unpacked_package.h"

namespace debimg {

struct ConfigureInput {
  std::filesystem::path root;
  const FileTable* table = nullptr;                        // from unpacking: owners and modes to apply
  const std::vector<UnpackedPackage>* packages = nullptr;  // preinsts run in this order
  int log_fd = -1;                                         // scripts' and dpkg's output
  std::string log_name;                                    // for messages
  // When set: runs once owners are applied and /proc, /dev and the service
  // guards are in place, before any maintainer script (extract hooks).
  std::function<void()> before_scripts;
  // When set: the essential set is configured first, this runs, then the rest.
  std::function<void()> after_essential;
};

// Scripts run chrooted in child processes; the caller stays outside the
// tree. Afterwards the mounts and helpers are gone.
void configure_tree(const ConfigureInput& in);

// After a failure part way: detaches whatever configure_tree mounted (whether
// or not it got as far as the chroot), so the tree can be removed safely.
void release_tree_mounts(const std::filesystem::path& root);

}  // namespace debimg
