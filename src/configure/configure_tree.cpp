#include "configure/configure_tree.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "configure/tree_scan.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

extern char** environ;

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
  if (const FileMeta* r = table.find("")) {
    if (::fchown(root, r->uid, r->gid) != 0 || ::fchmod(root, r->mode & 07777) != 0) {
      // O_PATH descriptors refuse fchown; the root is done by path by the caller.
    }
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

void unmount_api_filesystems() {
  for (const auto& d : kDevices) {
    ::umount2(("/dev/" + d).c_str(), MNT_DETACH);
    ::unlink(("/dev/" + d).c_str());
  }
  ::umount2("/proc", MNT_DETACH);
}

std::vector<std::string> script_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                               "LC_ALL=C.UTF-8",
                               "DEBIAN_FRONTEND=noninteractive",
                               "DEBCONF_NONINTERACTIVE_SEEN=true",
                               "DPKG_ADMINDIR=/var/lib/dpkg",
                               "DPKG_ROOT=",
                               "HOME=/root",
                               "TERM=dumb"};
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// Runs a program inside the chroot with `env`; output to the log.
int run(const std::vector<std::string>& argv, const std::vector<std::string>& env, int log_fd) {
  pid_t pid = ::fork();
  if (pid < 0) throw Error("fork: " + errno_text(errno));
  if (pid == 0) {
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    std::vector<char*> a, e;
    for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    for (const auto& s : env) e.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    e.push_back(nullptr);
    ::execve(a[0], a.data(), e.data());
    dprintf(log_fd, "cannot run %s: %s\n", a[0], std::strerror(errno));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw Error("waiting for " + argv[0] + ": " + errno_text(errno));
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

std::string log_tail(int log_fd) {
  off_t end = ::lseek(log_fd, 0, SEEK_END);
  off_t start = end > 2000 ? end - 2000 : 0;
  std::string text(static_cast<size_t>(end - start), '\0');
  if (::pread(log_fd, text.data(), text.size(), start) < 0) return "";
  // The last few lines, joined: the error must stay one line.
  while (!text.empty() && text.back() == '\n') text.pop_back();
  size_t cut = text.size();
  for (int lines = 0; lines < 3 && cut != std::string::npos && cut > 0; ++lines) cut = text.rfind('\n', cut - 1);
  text = cut == std::string::npos ? text : text.substr(cut + 1);
  for (char& c : text)
    if (c == '\n') c = ' ';
  return text;
}

// policy-rc.d says no to service starts; start-stop-daemon does nothing.
void install_service_guards() {
  write_file_atomic("/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0755);
  for (const char* ssd : {"/usr/sbin/start-stop-daemon", "/sbin/start-stop-daemon"}) {
    struct stat st;
    if (::lstat(ssd, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (::rename(ssd, (std::string(ssd) + ".REAL").c_str()) != 0) throw Error("cannot move start-stop-daemon aside: " + errno_text(errno));
    write_file_atomic(ssd, "#!/bin/sh\necho \"Warning: fake start-stop-daemon called, doing nothing\"\n", 0755);
    return;
  }
}

void remove_service_guards() {
  ::unlink("/usr/sbin/policy-rc.d");
  for (const char* ssd : {"/usr/sbin/start-stop-daemon", "/sbin/start-stop-daemon"}) {
    std::string real = std::string(ssd) + ".REAL";
    struct stat st;
    if (::lstat(real.c_str(), &st) == 0 && ::rename(real.c_str(), ssd) != 0)
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
  if (::chroot(in.root.c_str()) != 0 || ::chdir("/") != 0) throw Error("cannot chroot into the tree: " + errno_text(errno));
  install_service_guards();

  std::string dpkg_version = "1.21";
  for (const auto& p : *in.packages)
    if (p.name == "dpkg") dpkg_version = p.version;
  // dpkg runs preinst before it unpacks; every file is in place already,
  // which the scripts of a fresh install do not mind.
  for (const auto& p : *in.packages) {
    if (!p.info.count("preinst")) continue;
    const std::string script = "/var/lib/dpkg/info/" + p.info_name() + ".preinst";
    int rc = run({script, "install"},
                 script_environment({"DPKG_MAINTSCRIPT_PACKAGE=" + p.name, "DPKG_MAINTSCRIPT_PACKAGE_REFCOUNT=1",
                                     "DPKG_MAINTSCRIPT_ARCH=" + p.architecture, "DPKG_MAINTSCRIPT_NAME=preinst",
                                     "DPKG_MAINTSCRIPT_DEBUG=0", "DPKG_RUNNING_VERSION=" + dpkg_version}),
                 in.log_fd);
    if (rc != 0)
      throw Error(p.name + " " + p.version + ": preinst install exited with status " + std::to_string(rc) + ": " +
                  log_tail(in.log_fd) + " (log: " + in.log_name + ")");
  }
  int rc = run({"/usr/bin/dpkg", "--configure", "--pending", "--force-confdef", "--force-confold"},
               script_environment({}), in.log_fd);
  if (rc != 0)
    throw Error("dpkg --configure --pending in the tree exited with status " + std::to_string(rc) + ": " +
                log_tail(in.log_fd) + " (log: " + in.log_name + ")");
  remove_service_guards();
  // Whatever a script left running goes now (we are PID 1 of the namespace),
  // before it can write into /dev or /proc paths that are about to vanish.
  ::kill(-1, SIGKILL);
  while (::waitpid(-1, nullptr, 0) > 0 || errno == EINTR) {
  }
  unmount_api_filesystems();
}

}  // namespace debimg
