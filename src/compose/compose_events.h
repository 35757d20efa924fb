#pragma once
// What compose tells its caller while it works: the stage it is in and how
// far along, and warnings. The CLI turns these into a progress line on a
// terminal (cli/progress.h); tests and other callers may record them.
// Events of the stages that run in the build namespace come from a forked
// process: an implementation must not rely on state the parent sees.
#include <cstdint>
#include <string>

namespace debimg {

enum class Stage { lock, fetch, hooks, unpack, layers, configure, accounts, finalize, export_image, push, recheck };
std::string to_string(Stage stage);

struct Progress {
  uint64_t done = 0, total = 0;  // items (packages, layers); total 0: unknown
  uint64_t bytes = 0;            // bytes moved so far, when the stage moves bytes
  std::string item;              // what is being worked on now (a package name)
};

class ComposeEvents {
 public:
  virtual ~ComposeEvents() = default;
  // A stage begins; `detail` says what it works on ("82 packages").
  virtual void stage(Stage, const std::string& /*detail*/) {}
  virtual void progress(Stage, const Progress&) {}
  virtual void warning(const std::string& /*text*/) {}
  // A fact the user should see also in a pipe or CI (which isolation runs, and why).
  virtual void notice(const std::string& /*text*/) {}
  // A line from the process that composes one platform of several
  // (compose/platform_builds.h): its progress, warnings and errors.
  virtual void platform_line(const std::string& /*platform*/, const std::string& /*line*/) {}
  // Whether progress() shows anywhere: when not, compose does not watch for it
  // (configure forks a log watcher only for this).
  virtual bool shows_progress() const { return true; }
};

}  // namespace debimg
