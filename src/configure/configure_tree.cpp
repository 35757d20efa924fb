#include "configure/configure_tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <set>

#include "configure/chroot_run.h"
#include "configure/ld_so_cache.h"
#include "configure/preinst.h"
#include "configure/setup_progress.h"
#include "unpack/file_table.h"
#include "unpack/essential_set.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

void apply_table(int root, const FileTable& table, const IdMap& ids, bool to_sandbox) {
  const unsigned ub = to_sandbox ? ids.sandbox_uid_base : 0, gb = to_sandbox ? ids.sandbox_gid_base : 0;
  for (const std::string& path : tar_order(table)) {
    const FileMeta& m = *table.find(path);
    // chown clears set-id bits: chmod after.
    auto set = [&](int dir, const char* name, int flags) {
      if (::fchownat(dir, name, ub + m.uid, gb + m.gid, flags) != 0 && errno != ENOENT)
        throw Error("cannot chown /" + path + " in the user namespace: " + errno_text(errno) +
                    " (is the subordinate id range large enough?)");
      if (m.type != EntryType::symlink && ::fchmodat(dir, name, m.mode & 07777, 0) != 0 && errno != ENOENT)
        throw Error("cannot chmod /" + path + ": " + errno_text(errno));
    };
    if (path.empty()) {
      if (::fchown(root, ub + m.uid, gb + m.gid) != 0 || ::fchmod(root, m.mode & 07777) != 0)
        throw Error("cannot set the owner of the tree's root: " + errno_text(errno));
      continue;
    }
    TreeParent p = parent_in_tree(root, path);
    if (p.dir) set(p.dir.get(), p.name.c_str(), AT_SYMLINK_NOFOLLOW);
  }
}

namespace {

// The tool `name` (usr/sbin/NAME or sbin/NAME, the physical file: on a
// merged /usr both names are one) moves to NAME.REAL and `script` stands in.
void stand_in(int root, const std::string& name, const std::string& script) {
  for (const std::string dir : {"usr/sbin/", "sbin/"}) {
    std::optional<struct stat> st = stat_in_tree(root, dir + name);
    if (!st || !S_ISREG(st->st_mode)) continue;
    if (!rename_in_tree(root, dir + name, dir + name + ".REAL")) throw Error("cannot move " + name + " aside: " + errno_text(errno));
    write_file_in_tree(root, dir + name, script, 0755);
    return;
  }
}

// policy-rc.d says no to service starts; start-stop-daemon does nothing.
void install_service_guards(int root) {
  write_file_in_tree(root, "usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0755);
  stand_in(root, "start-stop-daemon", "#!/bin/sh\necho \"Warning: fake start-stop-daemon called, doing nothing\"\n");
}

// Without namespaces the tree's ldconfig, a static binary that no preload
// library translates, would read the host's folders (Landlock refuses it):
// it stands aside while scripts run, and the cache is written afterwards.
void install_ldconfig_stand_in(int root) {
  stand_in(root, "ldconfig", "#!/bin/sh\n# debimg: ld.so.cache is written once scripts ran\nexit 0\n");
}

// After scripts ran: the tree is hostile, every path resolved inside it.
void remove_service_guards(int root) {
  unlink_in_tree(root, "usr/sbin/policy-rc.d");
  for (const char* moved : {"usr/sbin/start-stop-daemon", "sbin/start-stop-daemon", "usr/sbin/ldconfig", "sbin/ldconfig"}) {
    const std::string real = std::string(moved) + ".REAL";
    if (stat_in_tree(root, real) && !rename_in_tree(root, real, moved))
      throw Error(std::string("cannot restore ") + moved + ": " + errno_text(errno));
  }
}

}  // namespace

void configure_tree(const ConfigureInput& in) {
  const Sandbox& sandbox = *in.sandbox;
  UniqueFd root(::open(sandbox.tree().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw Error("cannot open the tree " + sandbox.tree().string() + ": " + errno_text(errno));
  sandbox.take_owners(root.get(), *in.table);
  install_service_guards(root.get());
  if (sandbox.without_namespaces()) install_ldconfig_stand_in(root.get());
  // The image's names, from the profile, before any script asks for them: never the build host's.
  write_file_in_tree(root.get(), "etc/hostname", in.hostname + "\n", 0644);
  if (!in.mailname.empty()) write_file_in_tree(root.get(), "etc/mailname", in.mailname + "\n", 0644);
  if (in.before_scripts) in.before_scripts();

  std::string dpkg_version = "1.21";
  for (const auto& p : *in.packages)
    if (p.name == "dpkg") dpkg_version = p.version;
  const std::vector<std::string> env = script_environment({"SOURCE_DATE_EPOCH=" + std::to_string(in.source_date_epoch)});
  const PreinstRun preinsts{&sandbox, dpkg_version, env, in.log_name};

  size_t configured = 0;
  auto dpkg_configure = [&](std::vector<std::string> what) {
    SandboxProgram program;
    program.argv = {"/usr/bin/dpkg", "--configure", "--force-confdef", "--force-confold"};
    program.argv.insert(program.argv.end(), what.begin(), what.end());
    program.env = env;
    const off_t since = log_end(sandbox.log_fd());
    int rc = 0;
    {
      SetupProgress watch(sandbox.log_fd(), since, configured, in.packages->size(), in.progress);
      rc = sandbox.run(program);
      configured = watch.finish();
    }
    if (rc != 0)
      throw Error("dpkg --configure in the tree exited with status " + std::to_string(rc) + ": " +
                  dpkg_failure(sandbox.log_fd(), since) + " (log: " + in.log_name + ")");
  };
  // As dpkg under mmdebstrap or debootstrap: the essential set is installed
  // (preinst, then configured) before anything else, then its hooks run,
  // then the rest is installed the same way.
  const std::vector<std::string> essential = essential_closure(*in.packages);
  const std::set<std::string> in_essential(essential.begin(), essential.end());
  std::vector<const UnpackedPackage*> first, rest;
  for (const auto& p : *in.packages) (in_essential.count(p.info_name()) ? first : rest).push_back(&p);
  run_preinsts(preinsts, first);
  if (!essential.empty()) dpkg_configure(essential);
  if (in.after_essential) in.after_essential();
  run_preinsts(preinsts, rest);
  dpkg_configure({"--pending"});
  remove_service_guards(root.get());
  // Without namespaces ldconfig stood aside: its cache, as it would have
  // written it (ld_so_cache.h), where the tree has an ldconfig to run.
  if (sandbox.without_namespaces() && (stat_in_tree(root.get(), "usr/sbin/ldconfig") || stat_in_tree(root.get(), "sbin/ldconfig")))
    write_ld_so_cache(root.get());
}

}  // namespace debimg
