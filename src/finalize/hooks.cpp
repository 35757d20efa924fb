#include "finalize/hooks.h"

#include <cstdlib>

#include "configure/chroot_run.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

// Shipped hooks: in the installed data folder, in the one beside a relocated
// install (BIN/../share/debimg), or in the source checkout of a build (BUILD/..).
std::vector<fs::path> shipped_folders() {
  std::vector<fs::path> out{DEBIMG_DATADIR};
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    out.push_back(exe.parent_path().parent_path() / "share/debimg");
    out.push_back(exe.parent_path().parent_path());
  }
  return out;
}

fs::path find_hook(const Profile& profile, const std::string& written) {
  fs::path p = profile.resolve_path(written);
  std::error_code ec;
  if (fs::exists(p, ec)) return p;
  for (const fs::path& folder : shipped_folders())
    for (const fs::path& shipped : {folder / written, folder / "hooks" / written})
      if (fs::is_regular_file(shipped, ec)) return shipped;
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
