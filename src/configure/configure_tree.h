#pragma once
// The configure stage, run as root of debimg's build namespace: the unpacked
// tree gets its owners and modes (in the scripts' id range, tree_owner.h),
// then preinst scripts run and the target's own dpkg configures every
// package (postinst, conffiles, triggers), each in the sandbox (sandbox.h),
// with policy-rc.d and a no-op start-stop-daemon in place. Afterwards those
// helpers are gone again, and the tree is hostile: later steps resolve
// paths inside it only (util/tree_fs.h).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "configure/sandbox.h"
#include "unpack/file_table.h"
#include "unpack/unpacked_package.h"

namespace debimg {

struct ConfigureInput {
  const Sandbox* sandbox = nullptr;                        // the tree, the ids, the log
  const FileTable* table = nullptr;                        // from unpacking: owners and modes to apply
  const std::vector<UnpackedPackage>* packages = nullptr;  // preinsts run in this order
  std::string log_name;                                    // for messages
  int64_t source_date_epoch = 0;                           // the scripts' SOURCE_DATE_EPOCH
  std::string hostname = "localhost";                      // /etc/hostname (the sandbox's UTS name is the same)
  std::string mailname;                                    // /etc/mailname when set
  // When set: runs once owners are applied and the service guards are in
  // place, before any maintainer script (extract hooks).
  std::function<void()> before_scripts;
  // When set: runs once the essential set is configured (always first), before the rest is installed.
  std::function<void()> after_essential;
  // When set: packages configured so far, of how many, and the one being
  // configured now (from dpkg's "Setting up" lines in the log).
  std::function<void(size_t done, size_t total, const std::string& package)> progress;
};

void configure_tree(const ConfigureInput& in);

// Owners and modes from the table, parents first, each path resolved inside
// the tree; ids offset by the scripts' base when `to_sandbox`.
void apply_table(int root_fd, const FileTable& table, const IdMap& ids, bool to_sandbox);

}  // namespace debimg
