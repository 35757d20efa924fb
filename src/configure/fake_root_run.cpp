#include "configure/fake_root_run.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <optional>

#include "configure/confinement.h"
#include "configure/elf_runpath.h"
#include "configure/fake_root_tools.h"
#include "configure/fakechroot_links.h"
#include "configure/run_keeper.h"
#include "configure/sandbox.h"
#include "configure/user_namespace.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/tree_fs.h"

namespace debimg {

void require_fake_root_tools() { fake_root_tools(); }

namespace {

constexpr int kSetupFailed = 125;

std::vector<char*> c_strings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// fakeroot's daemon for one run: started on the state the run begins with,
// it saves the state the run leaves when told to stop.
class FakedDaemon {
 public:
  FakedDaemon(const FakeRootTools& tools, const std::filesystem::path& seed, const std::filesystem::path& saved, int log_fd) {
    UniqueFd in(::open(seed.c_str(), O_RDONLY | O_CLOEXEC));
    if (!in) throw Error("cannot open fakeroot's state " + seed.string() + ": " + errno_text(errno));
    Pipe out;
    const std::string save = saved.string();
    const pid_t self = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) throw Error("fork: " + errno_text(errno));
    if (pid_ == 0) {
      die_with_parent(self);
      ::dup2(in.get(), 0);
      ::dup2(out.write.get(), 1);
      ::dup2(log_fd, 2);
      ::close_range(3, ~0U, 0);
      const char* argv[] = {tools.faked.c_str(), "--foreground", "--load", "--save-file", save.c_str(), nullptr};
      char* envp[] = {nullptr};
      ::execve(argv[0], const_cast<char**>(argv), envp);
      ::_exit(127);
    }
    out.write.reset();
    const std::string line = read_until_eof_or_newline(out.read.get());
    const size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0 || line.find_first_not_of("0123456789") != colon) {
      stop();
      throw Error("fakeroot's faked did not start (it said '" + line + "')");
    }
    key_ = line.substr(0, colon);
  }
  ~FakedDaemon() { stop(); }
  const std::string& key() const { return key_; }
  // Ends it; it writes its save file first.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  pid_t pid() const { return pid_; }

 private:
  static std::string read_until_eof_or_newline(int fd) {
    std::string line;
    char c;
    while (line.size() < 64) {
      const ssize_t n = ::read(fd, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || c == '\n') break;
      line += c;
    }
    return line;
  }
  pid_t pid_ = -1;
  std::string key_;
};

// As the namespace mode mounts fresh ones: /tmp and /run start empty and
// what the program leaves in them goes; what the tree holds there is kept aside.
class FreshRunFolders {
 public:
  explicit FreshRunFolders(int root_fd) : root_(root_fd) {
    for (auto [name, mode] : {std::pair{"proc", 0555}, std::pair{"dev", 0755}}) ::mkdirat(root_, name, mode);
    for (auto [name, mode] : {std::pair{"run", 0755}, std::pair{"tmp", 01777}}) {
      const std::string kept = std::string(".debimg-kept-") + name;
      std::optional<struct stat> st = stat_in_tree(root_, name);
      const bool keep = st && S_ISDIR(st->st_mode);
      if (keep && ::renameat(root_, name, root_, kept.c_str()) != 0)
        throw Error(std::string("cannot set the tree's /") + name + " aside: " + errno_text(errno));
      if (!st) created_.push_back(name);
      if (keep) kept_.push_back(name);
      if (st && !keep) continue;  // a symlink or a file: the namespace mode refuses to mount there either
      if (::mkdirat(root_, name, static_cast<mode_t>(mode)) != 0 || ::fchmodat(root_, name, static_cast<mode_t>(mode), 0) != 0)
        throw Error(std::string("cannot make a fresh /") + name + " in the tree: " + errno_text(errno));
      fresh_.push_back(name);
    }
  }
  // The path a disk path stands for while the program runs: what it finds
  // in the fresh folders is its own (never an owner of the tree's), what was
  // set aside is the tree's /tmp and /run.
  std::string logical(const std::string& path) const {
    for (const std::string& name : fresh_)
      if (path == name || path.starts_with(name + "/")) return kEphemeral + path;
    for (const std::string& name : kept_) {
      const std::string aside = ".debimg-kept-" + name;
      if (path == aside || path.starts_with(aside + "/")) return name + path.substr(aside.size());
    }
    return path;
  }
  static constexpr const char* kEphemeral = "\x01";

  ~FreshRunFolders() {
    // What the program left at the fresh name goes, whatever it is now (a
    // script may have put a symlink there), as the namespace mode's mount ends.
    for (const std::string& name : fresh_) {
      try {
        if (UniqueFd dir{::openat(root_, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)}) remove_contents(dir.get());
      } catch (const Error&) {
      }
      if (::unlinkat(root_, name.c_str(), AT_REMOVEDIR) != 0) ::unlinkat(root_, name.c_str(), 0);
    }
    for (const std::string& name : kept_) ::renameat(root_, (".debimg-kept-" + name).c_str(), root_, name.c_str());
    for (const std::string& name : created_)  // the namespace mode's mount point stays, empty
      if (::mkdirat(root_, name.c_str(), name == "tmp" ? 01777 : 0755) == 0 && name == "tmp") ::fchmodat(root_, "tmp", 01755, 0);
  }

 private:
  int root_;
  std::vector<std::string> fresh_, kept_, created_;
};

// What a program in the tree may reach: the tree, the two preload libraries,
// the usual device nodes, and reading /proc (Landlock keeps other processes'
// memory and environment out of reach: they are outside its domain).
ConfinementSpec script_confinement(const std::filesystem::path& tree) {
  const FakeRootTools tools = fake_root_tools();
  ConfinementSpec spec;
  spec.read_write = {tree};
  spec.read_exec = {tools.fakeroot_lib, tools.fakechroot_lib};
  spec.read_only = {"/proc"};
  spec.devices = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"};
  spec.deny_inet = true;
  spec.deny_unix = true;  // a path-named socket of the host (a runtime's, a daemon's) is not Landlock's to check
  return spec;
}

}  // namespace

FakeRootRunner::FakeRootRunner(std::filesystem::path tree, const std::filesystem::path& scratch, int log_fd, bool confined)
    : tree_(std::move(tree)), log_fd_(log_fd) {
  TempDir dir(scratch, "fakeroot-");
  state_dir_ = dir.path();
  state_ = std::make_unique<TempDir>(std::move(dir));
  if (confined) confinement_ = std::make_unique<PreparedConfinement>(script_confinement(tree_));
}

FakeRootRunner::~FakeRootRunner() = default;

void FakeRootRunner::seed(int, const FileTable& table) { owners_ = FakedOwners::from_table(table); }

namespace {

// The program's environment: its own, then what the preload libraries and
// the tree's loader need (fakechroot starts every later program with it too).
std::vector<std::string> fake_root_environment(const SandboxProgram& program, const FakeRootTools& tools,
                                               const std::string& tree, const std::string& loader,
                                               const std::string& library_path, const std::string& key) {
  std::vector<std::string> env = program.env;
  const std::string gconv = tree + "/usr/lib/" + multiarch_triplet() + "/gconv";
  for (std::string var : {"LD_PRELOAD=" + tools.fakeroot_lib + ":" + tools.fakechroot_lib,  // fakeroot's first, as fakechroot(1) puts it
                          "LD_LIBRARY_PATH=" + library_path, "FAKEROOTKEY=" + key, std::string("FAKED_MODE=unknown-is-root"),
                          std::string("FAKECHROOT=true"), "FAKECHROOT_BASE=" + tree,
                          // /dev and /proc are the host's (as the namespace mode binds /dev's nodes); Landlock
                          // lets through only the usual device nodes and reading /proc.
                          std::string("FAKECHROOT_EXCLUDE_PATH=/dev:/proc:/sys"),
                          // Not FAKECHROOT_ELFLOADER_OPT_ARGV0: fakechroot 2.20.1 then drops a script's
                          // arguments (postinst "configure" arrives empty). An ELF program's argv[0] is its
                          // host path instead.
                          "FAKECHROOT_ELFLOADER=" + loader,
                          // What glibc opens by itself, past the preload: locales (C.UTF-8 is a folder of
                          // the tree's), iconv's modules and time zones come from the tree.
                          "LOCPATH=" + tree + "/usr/lib/locale", "GCONV_PATH=" + gconv, "TZDIR=" + tree + "/usr/share/zoneinfo"})
    env.push_back(std::move(var));
  return env;
}

}  // namespace

int FakeRootRunner::run(const SandboxProgram& program) {
  const FakeRootTools tools = fake_root_tools();
  UniqueFd root(::open(tree_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw Error("cannot open the tree " + tree_.string() + ": " + errno_text(errno));
  const std::string tree = tree_.string();
  // The tree's loader and env start the program, so that fakechroot's exec
  // (shebangs, later programs) takes over from the first step.
  const std::string loader = host_path_in_tree(root.get(), tree, own_elf_interpreter().substr(1), "dynamic loader");
  const std::string env_tool = host_path_in_tree(root.get(), tree, "usr/bin/env", "/usr/bin/env (coreutils)");
  const std::string cwd =
      program.cwd == "/" ? tree : host_path_in_tree(root.get(), tree, program.cwd.substr(1), program.cwd);
  std::optional<FreshRunFolders> folders;
  folders.emplace(root.get());
  prefix_absolute_links(root.get(), tree);
  const PathAlias alias = [&](const std::string& path) { return folders->logical(path); };
  // faked knows inodes: they are taken now, after every file debimg itself replaces.
  const std::string seed_text = owners_.seed(root.get(), alias).text();
  const std::filesystem::path seed = state_dir_ / "seed", saved = state_dir_ / "saved";
  write_file_atomic(seed, seed_text, 0600);
  write_file_atomic(saved, seed_text, 0600);
  int rc = kSetupFailed;
  {
    FakedDaemon faked(tools, seed, saved, log_fd_);
    std::vector<std::string> argv{loader, "--argv0", "/usr/bin/env", env_tool, "--"};
    argv.insert(argv.end(), program.argv.begin(), program.argv.end());
    if (!runpath_dirs_) {  // the packages are all unpacked before the first program runs
      runpath_dirs_.emplace();
      for (const std::string& dir : tree_runpath_dirs(root.get(), tree)) *runpath_dirs_ += ":" + dir;
    }
    const std::vector<std::string> env = fake_root_environment(
        program, tools, tree, loader, tree_library_path(root.get(), tree) + *runpath_dirs_, faked.key());
    std::vector<char*> a = c_strings(argv), e = c_strings(env);
    UniqueFd devnull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (!devnull) throw Error("cannot open /dev/null: " + errno_text(errno));
    RunKeeper keeper([&] {
      ::setsid();  // no controlling terminal: nothing can open or type into the caller's
      ::umask(022);
      if (::chdir(cwd.c_str()) != 0) ::_exit(127);
      // Before the descriptors move: the rules' descriptors must be open.
      if (confinement_) {
        if (const ConfinementFailure failed = confinement_->apply()) {
          failed.write_line(log_fd_);
          ::_exit(kSetupFailed);
        }
      }
      ::dup2(devnull.get(), 0);
      ::dup2(log_fd_, 1);
      ::dup2(log_fd_, 2);
      if (program.script_fd >= 0) ::dup2(program.script_fd, 3);
      ::close_range(program.script_fd >= 0 ? 4 : 3, ~0U, 0);
      ::execve(a[0], a.data(), e.data());
    });
    rc = keeper.wait();
    faked.stop();
  }
  FakedOwners after = FakedOwners::read_back(root.get(), FakedInodes::parse(read_file(saved)), alias);
  owners_ = FakedOwners();
  after.for_each([&](const std::string& path, const FakedInode& inode) {
    if (!path.starts_with(FreshRunFolders::kEphemeral)) owners_.set(path, inode);  // /tmp and /run go with the run
  });
  folders.reset();
  strip_link_prefix(root.get(), tree);
  if (interrupted()) throw Interrupted();
  return rc;
}

}  // namespace debimg
