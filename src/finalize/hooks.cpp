#include "finalize/hooks.h"

#include <cstdlib>

#include "configure/chroot_run.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

fs::path find_hook(const Profile& profile, const std::string& written) {
  fs::path p = profile.resolve_path(written);
  std::error_code ec;
  if (fs::exists(p, ec)) return p;
  for (const fs::path& shipped : {fs::path(DEBIMG_DATADIR) / written, fs::path(DEBIMG_DATADIR) / "hooks" / written})
    if (fs::exists(shipped, ec)) return shipped;
  throw InputError(profile.where("hooks"), "hooks",
                   "hook '" + written + "' is neither at " + p.string() + " nor in " + DEBIMG_DATADIR + "/hooks");
}

}  // namespace

void run_hooks(const std::string& stage, const std::vector<Hook>& hooks, const HookContext& c) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    const Hook& h = hooks[i];
    const bool in_chroot = !h.run.empty() && h.chroot;
    std::vector<std::string> env =
        in_chroot ? script_environment()
                  : std::vector<std::string>{std::string("PATH=") + (std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"),
                                             "LC_ALL=C.UTF-8", "HOME=/root"};
    env.insert(env.end(), {"DEBIMG_ROOT=" + (in_chroot ? std::string("/") : c.root.string()), "DEBIMG_STAGE=" + stage,
                           "DEBIMG_PROFILE=" + c.profile->file.string(), "DEBIMG_SUITE=" + c.suite,
                           "DEBIMG_ARCH=" + c.architecture, "SOURCE_DATE_EPOCH=" + std::to_string(c.source_date_epoch)});
    std::vector<std::string> argv;
    std::string name;
    if (h.run.empty()) {
      fs::path script = find_hook(*c.profile, h.path);
      argv = {script.string(), c.root.string()};
      name = h.path;
    } else {
      argv = {"/bin/sh", "-c", h.run, "hook"};
      name = "hooks." + stage + "[" + std::to_string(i) + "]";
    }
    int rc = run_program(argv, env, c.log_fd, in_chroot ? c.root : fs::path(), in_chroot ? fs::path("/") : c.profile->folder());
    if (rc != 0)
      throw Error("hook " + name + " (stage " + stage + ") exited with status " + std::to_string(rc) + ": " +
                  log_tail(c.log_fd) + " (log: " + c.log_name + ")");
  }
}

}  // namespace debimg
