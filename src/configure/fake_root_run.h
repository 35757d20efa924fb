#pragma once
// Running a program in the tree without any namespace (isolation none): the
// tree's own dynamic loader starts the tree's programs with fakechroot (the
// tree is /) and fakeroot (chown, chmod, mknod are recorded, not refused)
// preloaded, under Landlock, debimg's seccomp filter and no_new_privs
// (confinement.h), which also hold a static binary that ignores the preload.
// fakeroot's faked keeps the owners while a program runs; between runs they
// live in FakedOwners (fake_root_state.h), by path. Around each run, as the namespace
// mode's fresh mounts do, /tmp and /run are new and empty and what the
// program leaves there goes; whatever it leaves running is killed.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "configure/fake_root_state.h"
#include "unpack/file_table.h"

namespace debimg {

struct SandboxProgram;
class PreparedConfinement;
class TempDir;

// Throws Error naming the package to install when faked or the preload
// libraries are missing.
void require_fake_root_tools();

class FakeRootRunner {
 public:
  // `scratch`: where faked's state files go (removed at the end); `confined`:
  // false only with --allow-unconfined-scripts on a kernel without Landlock.
  FakeRootRunner(std::filesystem::path tree, const std::filesystem::path& scratch, int log_fd, bool confined);
  ~FakeRootRunner();
  FakeRootRunner(const FakeRootRunner&) = delete;
  FakeRootRunner& operator=(const FakeRootRunner&) = delete;

  // The unpacked table's owners and modes become faked's starting state.
  void seed(int root_fd, const FileTable& table);
  // Runs the program as SandboxProgram says; its exit status (128+N for a signal).
  int run(const SandboxProgram& program);
  // Owners and modes as the last run left them, by path (tree_scan.h reads them).
  const FakedOwners& owners() const { return owners_; }

 private:
  std::filesystem::path tree_;
  std::unique_ptr<TempDir> state_;  // faked's state files
  std::filesystem::path state_dir_;
  int log_fd_;
  std::unique_ptr<PreparedConfinement> confinement_;
  FakedOwners owners_;
  // The folders the tree's programs name in their RUNPATH (elf_runpath.h),
  // after the usual ones in the search path: ":DIR:DIR…".
  std::optional<std::string> runpath_dirs_;
};

}  // namespace debimg
