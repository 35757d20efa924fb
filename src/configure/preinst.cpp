#include "configure/preinst.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "configure/chroot_run.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

const std::string kAdmin = "var/lib/dpkg", kStaging = "tmp.ci";

bool is_script(const std::string& member) {
  return member == "preinst" || member == "postinst" || member == "prerm" || member == "postrm" || member == "config";
}

// var/lib/dpkg, resolved inside the (hostile) tree.
UniqueFd admin_dir(int root) {
  UniqueFd dir = open_in_tree(root, kAdmin, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!dir) throw Error("cannot open /" + kAdmin + " in the tree: " + errno_text(errno));
  return dir;
}

// Whatever is at tmp.ci (a script may have left anything there) goes.
void remove_staging(int admin) {
  UniqueFd dir(::openat(admin, kStaging.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (dir) remove_contents(dir.get());
  if (::unlinkat(admin, kStaging.c_str(), dir ? AT_REMOVEDIR : 0) != 0 && errno != ENOENT)
    throw Error("cannot remove /" + kAdmin + "/" + kStaging + " from the tree: " + errno_text(errno));
}

// tmp.ci with the package's control members, owned by the scripts' root
// (without namespaces, fakeroot takes a file it does not know for root's).
void stage_control_members(int admin, const UnpackedPackage& p, const IdMap* ids) {
  remove_staging(admin);
  if (::mkdirat(admin, kStaging.c_str(), 0755) != 0)
    throw Error("cannot create /" + kAdmin + "/" + kStaging + ": " + errno_text(errno));
  UniqueFd dir(::openat(admin, kStaging.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir) throw Error("cannot open /" + kAdmin + "/" + kStaging + ": " + errno_text(errno));
  auto put = [&](const std::string& name, const std::string& content, mode_t mode) {
    write_file_in_tree(dir.get(), name, content, mode);
    if (ids && ::fchownat(dir.get(), name.c_str(), ids->sandbox_uid_base, ids->sandbox_gid_base, AT_SYMLINK_NOFOLLOW) != 0)
      throw Error("cannot chown /" + kAdmin + "/" + kStaging + "/" + name + ": " + errno_text(errno));
  };
  put("control", control_text(p.control), 0644);
  for (const auto& [member, content] : p.info) put(member, content, is_script(member) ? 0755 : 0644);
  if (ids && ::fchown(dir.get(), ids->sandbox_uid_base, ids->sandbox_gid_base) != 0)
    throw Error("cannot chown /" + kAdmin + "/" + kStaging + ": " + errno_text(errno));
}

}  // namespace

std::string control_text(const ControlFile& control) {
  std::string text;
  for (const auto& [name, value] : control.fields) text += name + ": " + value + "\n";
  return text;
}

void run_preinsts(const PreinstRun& run, const std::vector<const UnpackedPackage*>& packages) {
  const Sandbox& sandbox = *run.sandbox;
  UniqueFd root(::open(sandbox.tree().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw Error("cannot open the tree " + sandbox.tree().string() + ": " + errno_text(errno));
  for (const UnpackedPackage* p : packages) {
    if (!p->info.count("preinst")) continue;
    {
      UniqueFd admin = admin_dir(root.get());
      stage_control_members(admin.get(), *p, sandbox.without_namespaces() ? nullptr : &sandbox.ids());
    }
    SandboxProgram program;
    program.argv = {"/" + kAdmin + "/" + kStaging + "/preinst", "install"};
    program.env = run.env;
    program.env.insert(program.env.end(),
                       {"DPKG_MAINTSCRIPT_PACKAGE=" + p->name, "DPKG_MAINTSCRIPT_PACKAGE_REFCOUNT=1",
                        "DPKG_MAINTSCRIPT_ARCH=" + p->architecture, "DPKG_MAINTSCRIPT_NAME=preinst",
                        "DPKG_MAINTSCRIPT_DEBUG=0", "DPKG_RUNNING_VERSION=" + run.dpkg_version, "PERL_DL_NONLAZY=1"});
    const off_t since = log_end(sandbox.log_fd());
    const int rc = sandbox.run(program);
    remove_staging(admin_dir(root.get()).get());
    if (rc != 0)
      throw Error(p->name + " " + p->version + ": preinst install exited with status " + std::to_string(rc) + ": " +
                  log_tail(sandbox.log_fd(), since) + " (log: " + run.log_name + ")");
  }
}

}  // namespace debimg
