#include "configure/configure_tree.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <set>

#include "configure/chroot_run.h"
#include "configure/tree_scan.h"
#include "unpack/essential_set.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"


namespace debimg {

namespace {

const std::vector<std::string> kDevices{"null", "zero", "full", "random", "urandom", "tty"};

// Owners and modes from the table, parents first (chown clears set-id bits: chmod after).
void apply_table(int root, const FileTable& table) {
  for (const std::string& path : tar_order(table)) {
    if (path.empty()) continue;
    const FileMeta& m = *table.find(path);
    if (::fchownat(root, path.c_str(), m.uid, m.gid, AT_SYMLINK_NOFOLLOW) != 0 && errno != ENOENT)
      throw Error("cannot chown /" + path + " in the user namespace: " + errno_text(errno) +
                  " (is the subordinate id range large enough?)");
    if (m.type != EntryType::symlink && ::fchmodat(root, path.c_str(), m.mode & 07777, 0) != 0 && errno != ENOENT)
      throw Error("cannot chmod /" + path + ": " + errno_text(errno));
  }
}

void mount_api_filesystems(const std::filesystem::path& root) {
  const std::string proc = (root / "proc").string();
  ::mkdir(proc.c_str(), 0555);
  if (::mount("proc", proc.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0 &&
      ::mount("/proc", proc.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0)  // a fresh proc is denied in some containers
    throw Error("cannot mount /proc in the tree: " + errno_text(errno));
  ::mkdir((root / "dev").c_str(), 0755);
  for (const auto& d : kDevices) {
    const std::string target = (root / "dev" / d).string();
    UniqueFd placeholder(::open(target.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (::mount(("/dev/" + d).c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0 && d != "tty")
      throw Error("cannot bind /dev/" + d + " into the tree: " + errno_text(errno));
  }
}

void unmount_api_filesystems(const std::filesystem::path& root) {
  for (const auto& d : kDevices) {
    ::umount2((root / "dev" / d).c_str(), MNT_DETACH);
    ::unlink((root / "dev" / d).c_str());
  }
  ::umount2((root / "proc").c_str(), MNT_DETACH);
}

// policy-rc.d says no to service starts; start-stop-daemon does nothing.
void install_service_guards(const std::filesystem::path& root) {
  write_file_atomic(root / "usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0755);
  for (const char* ssd : {"usr/sbin/start-stop-daemon", "sbin/start-stop-daemon"}) {
    // The physical file: on a merged /usr both names are one.
    struct stat st;
    const std::filesystem::path path = root / ssd;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (::rename(path.c_str(), (path.string() + ".REAL").c_str()) != 0)
      throw Error("cannot move start-stop-daemon aside: " + errno_text(errno));
    write_file_atomic(path, "#!/bin/sh\necho \"Warning: fake start-stop-daemon called, doing nothing\"\n", 0755);
    return;
  }
}

void remove_service_guards(const std::filesystem::path& root) {
  ::unlink((root / "usr/sbin/policy-rc.d").c_str());
  for (const char* ssd : {"usr/sbin/start-stop-daemon", "sbin/start-stop-daemon"}) {
    const std::string path = (root / ssd).string();
    struct stat st;
    if (::lstat((path + ".REAL").c_str(), &st) == 0 && ::rename((path + ".REAL").c_str(), path.c_str()) != 0)
      throw Error("cannot restore start-stop-daemon: " + errno_text(errno));
  }
}

}  // namespace

void release_tree_mounts(const std::filesystem::path& root) {
  for (const std::string& base : {std::string(), root.string()}) {
    for (const auto& d : kDevices) ::umount2((base + "/dev/" + d).c_str(), MNT_DETACH);
    ::umount2((base + "/proc").c_str(), MNT_DETACH);
  }
}

void configure_tree(const ConfigureInput& in) {
  UniqueFd root(::open(in.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw Error("cannot open the tree " + in.root.string() + ": " + errno_text(errno));
  apply_table(root.get(), *in.table);
  if (const FileMeta* r = in.table->find(""))
    if (::chown(in.root.c_str(), r->uid, r->gid) != 0 || ::chmod(in.root.c_str(), r->mode & 07777) != 0)
      throw Error("cannot set the owner of the tree's root: " + errno_text(errno));
  mount_api_filesystems(in.root);
  install_service_guards(in.root);
  if (in.before_scripts) in.before_scripts();

  std::string dpkg_version = "1.21";
  for (const auto& p : *in.packages)
    if (p.name == "dpkg") dpkg_version = p.version;
  // dpkg runs preinst before it unpacks; every file is in place already,
  // which the scripts of a fresh install do not mind.
  for (const auto& p : *in.packages) {
    if (!p.info.count("preinst")) continue;
    const std::string script = "/var/lib/dpkg/info/" + p.info_name() + ".preinst";
    int rc = run_program({script, "install"},
                         script_environment({"DPKG_MAINTSCRIPT_PACKAGE=" + p.name, "DPKG_MAINTSCRIPT_PACKAGE_REFCOUNT=1",
                                             "DPKG_MAINTSCRIPT_ARCH=" + p.architecture, "DPKG_MAINTSCRIPT_NAME=preinst",
                                             "DPKG_MAINTSCRIPT_DEBUG=0", "DPKG_RUNNING_VERSION=" + dpkg_version}),
                         in.log_fd, in.root);
    if (rc != 0)
      throw Error(p.name + " " + p.version + ": preinst install exited with status " + std::to_string(rc) + ": " +
                  log_tail(in.log_fd) + " (log: " + in.log_name + ")");
  }
  auto dpkg_configure = [&](std::vector<std::string> what) {
    std::vector<std::string> argv{"/usr/bin/dpkg", "--configure", "--force-confdef", "--force-confold"};
    argv.insert(argv.end(), what.begin(), what.end());
    int rc = run_program(argv, script_environment(), in.log_fd, in.root);
    if (rc != 0)
      throw Error("dpkg --configure in the tree exited with status " + std::to_string(rc) + ": " + log_tail(in.log_fd) +
                  " (log: " + in.log_name + ")");
  };
  if (in.after_essential) {
    // As mmdebstrap: the essential set configured first, then its hooks, then the rest.
    std::vector<std::string> essential = essential_closure(*in.packages);
    if (!essential.empty()) dpkg_configure(essential);
    in.after_essential();
  }
  dpkg_configure({"--pending"});
  remove_service_guards(in.root);
  // Whatever a script left running goes now (we are PID 1 of the namespace),
  // before it can write into /dev or /proc paths that are about to vanish.
  ::kill(-1, SIGKILL);
  while (::waitpid(-1, nullptr, 0) > 0 || errno == EINTR) {
  }
  unmount_api_filesystems(in.root);
}

}  // namespace debimg
