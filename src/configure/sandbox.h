#pragma once
// Everything that runs inside the tree — maintainer scripts, dpkg, chrooted
// and shipped hooks, the accounts tools — runs in a sandbox nested in the
// build namespace:
//  - new user, mount, PID, UTS, IPC and network namespaces; the scripts'
//    ids 0..65535 are the build namespace's base..base+65535 (id_map.h), so
//    as root the scripts' root is nobody on the host;
//  - pivot_root into the tree, the old root detached: no path leads out;
//  - a fresh /proc of its PID namespace, tmpfs /dev with the usual nodes,
//    /dev/pts and /dev/shm, tmpfs /run and /tmp (all gone when it ends);
//  - host name `localhost` (or the profile's), loopback only;
//  - no_new_privs, and mount, chroot, ptrace, module and the other
//    administrative capabilities out of the bounding set;
//  - PID 1 is debimg re-executed as a helper with a clean argv, started with
//    an environment built from scratch; the program's environment is only
//    what the caller names.
// When the program ends, whatever it left running is killed with the
// namespace. Nothing mounted in the sandbox is ever seen by the build.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "configure/id_map.h"
#include "configure/isolation.h"
#include "unpack/file_table.h"

namespace debimg {

struct SandboxProgram {
  std::vector<std::string> argv;  // argv[0]: a path inside the tree
  std::vector<std::string> env;   // the program's whole environment
  std::string cwd = "/";
  int script_fd = -1;             // when set: open in the program as fd 3 (the text of a shipped hook)
};

class FakeRootRunner;
class FakedOwners;

// Without namespaces (isolation none) programs run as fake_root_run.h says.
struct SandboxMode {
  Isolation isolation = Isolation::namespaces;
  std::filesystem::path scratch;  // none: where fakeroot's state goes
  bool confined = true;           // none: false only with --allow-unconfined-scripts and no Landlock
};

class Sandbox {
 public:
  Sandbox(std::filesystem::path tree, const IdMap& ids, int log_fd, std::string hostname = "localhost",
          const SandboxMode& mode = {});

  // Runs the program with stdout and stderr to the log; its exit status (128+N for a signal).
  int run(const SandboxProgram& program) const;

  // Something outside the sandbox (a host-side hook) wrote into the tree:
  // the next run first hands what it wrote to the scripts' ids (tree_owner.h).
  void tree_changed_outside() const { owners_checked_ = false; }

  // The unpacked table's owners and modes, given to the tree before any
  // program runs: chowned into the scripts' ids (namespace), or fakeroot's
  // starting state (none).
  void take_owners(int root_fd, const FileTable& table) const;
  // none: what fakeroot holds about the tree's paths (the scan reads owners there); else null.
  const FakedOwners* faked_owners() const;
  bool without_namespaces() const { return fake_root_ != nullptr; }

  const std::filesystem::path& tree() const { return tree_; }
  const IdMap& ids() const { return ids_; }
  int log_fd() const { return log_fd_; }

 private:
  std::filesystem::path tree_;
  IdMap ids_;
  int log_fd_;
  std::string hostname_;
  mutable bool owners_checked_ = false;  // until the first run, unpacking and debimg's own files count as outside
  std::shared_ptr<FakeRootRunner> fake_root_;
};

// argv[1] of the re-executed helper.
inline constexpr const char* kSandboxHelperArg = "__sandbox";

// The helper's main(): PID 1 of the sandbox. Expects the tree on fd 3, its
// instructions on fd 4, the log on fds 1 and 2.
int sandbox_helper_main();

}  // namespace debimg
