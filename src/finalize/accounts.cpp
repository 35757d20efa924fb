#include "finalize/accounts.h"

#include <fcntl.h>

#include <set>

#include "configure/chroot_run.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/tree_fs.h"

namespace fs = std::filesystem;

namespace debimg {

void create_accounts(const Accounts& accounts, const Sandbox& sandbox, const std::string& log_name) {
  const fs::path& root = sandbox.tree();
  if (accounts.groups.empty() && accounts.users.empty()) return;
  UniqueFd tree(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  for (const char* tool : {"usr/sbin/groupadd", "usr/sbin/useradd"})
    if (!stat_in_tree(tree.get(), tool))
      throw Error(std::string("accounts: the image has no /") + tool + " (the passwd package provides it)");
  auto run = [&](const std::vector<std::string>& argv, const std::string& what) {
    SandboxProgram program;
    program.argv = argv;
    program.env = script_environment();
    const off_t since = log_end(sandbox.log_fd());
    int rc = sandbox.run(program);
    if (rc != 0)
      throw Error("accounts: " + argv[0].substr(argv[0].rfind('/') + 1) + " for " + what + " exited with status " +
                  std::to_string(rc) + ": " + log_tail(sandbox.log_fd(), since) + " (log: " + log_name + ")");
  };
  std::set<std::string> groups;
  for (const auto& g : accounts.groups) {
    run({"/usr/sbin/groupadd", "--gid", std::to_string(g.gid), g.name}, "group '" + g.name + "'");
    groups.insert(g.name);
  }
  for (const auto& u : accounts.users) {
    // The default group (named after the user, see the profile) is made as
    // adduser makes it, gid = uid, unless the profile defines it; any other
    // name must be a group of the profile or of the image.
    const std::string group = u.group.empty() ? u.name : u.group;
    if (group == u.name && !groups.count(group)) {
      run({"/usr/sbin/groupadd", "--gid", std::to_string(u.uid), group}, "user '" + u.name + "'");
      groups.insert(group);
    }
    const std::string home = u.home.empty() ? "/home/" + u.name : u.home;
    // --no-log-init: no sparse lastlog/faillog entries sized by the uid.
    run({"/usr/sbin/useradd", "--no-log-init", "--uid", std::to_string(u.uid), "--gid", group, "--home-dir", home,
         "--create-home", "--shell", u.shell, u.name},
        "user '" + u.name + "'");
  }
}

}  // namespace debimg
