#include "finalize/hooks.h"

#include <fcntl.h>

#include <cstdlib>

#include "configure/chroot_run.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

namespace fs = std::filesystem;

namespace debimg {

void run_hooks(const std::string& stage, const std::vector<Hook>& hooks, const HookContext& c) {
  const Sandbox& sandbox = *c.sandbox;
  const std::string tree = sandbox.tree().string();
  for (size_t i = 0; i < hooks.size(); ++i) {
    const Hook& h = hooks[i];
    const bool confined = stage != "setup" && (h.shipped || (!h.run.empty() && h.chroot));
    const std::string root = confined ? "/" : tree;
    std::vector<std::string> env =
        confined ? script_environment()
                 : std::vector<std::string>{std::string("PATH=") + (std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"),
                                            "LC_ALL=C.UTF-8", "HOME=/root"};
    env.insert(env.end(), {"DEBIMG_ROOT=" + root, "DEBIMG_STAGE=" + stage, "DEBIMG_SUITE=" + c.suite,
                           "DEBIMG_ARCH=" + c.architecture, "SOURCE_DATE_EPOCH=" + std::to_string(c.source_date_epoch)});
    if (!confined) env.push_back("DEBIMG_PROFILE=" + c.profile->file.string());
    const std::string name = h.run.empty() ? h.path : "hooks." + stage + "[" + std::to_string(i) + "]";
    int rc;
    const off_t since = log_end(sandbox.log_fd());
    if (confined) {
      SandboxProgram program;
      program.env = env;
      UniqueFd text;
      if (h.run.empty()) {
        // A shipped hook's text comes on fd 3, opened here: nothing of the
        // host is mounted in the sandbox, and Landlock refuses to open the
        // host's file by a name (/proc/self/fd/3). Read whole, then run, so
        // that what the hook runs cannot read the rest of it from its input.
        text.reset(::open(h.resolved.c_str(), O_RDONLY | O_CLOEXEC));
        if (!text) throw Error("cannot read the hook " + h.resolved.string() + ": " + errno_text(errno));
        program.argv = {"/bin/sh", "-c", "eval \"$(cat <&3)\"", h.path, root};
        program.script_fd = text.get();
      } else {
        program.argv = {"/bin/sh", "-c", h.run, "hook", root};
      }
      rc = sandbox.run(program);
    } else {
      const std::vector<std::string> argv =
          h.run.empty() ? std::vector<std::string>{h.resolved.string(), tree}
                        : std::vector<std::string>{"/bin/sh", "-c", h.run, "hook", tree};
      rc = run_program(argv, env, sandbox.log_fd(), c.profile->folder());
      sandbox.tree_changed_outside();
    }
    if (rc != 0)
      throw Error("hook " + name + " (stage " + stage + ") exited with status " + std::to_string(rc) + ": " +
                  log_tail(sandbox.log_fd(), since) + " (log: " + c.log_name + ")");
  }
}

}  // namespace debimg
