#include "compose/platform_builds.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <optional>

#include "export/oci_platform.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/interrupt.h"

extern char** environ;

namespace fs = std::filesystem;

namespace debimg {

namespace {

// The arguments of one platform's debimg: no secret is among them (the
// platforms do not push; the parent does), and nothing is resolved or
// downloaded (--frozen, --offline: the parent locked and fetched).
std::vector<std::string> platform_argv(const ComposeRequest& request, const std::string& arch, const fs::path& out) {
  std::vector<std::string> argv{fs::read_symlink("/proc/self/exe").string(),
                                "--json",
                                "--verbose",
                                "compose",
                                request.profile,
                                "--platform",
                                oci_platform(arch).str(),
                                "--format",
                                "oci",
                                "--output",
                                out.string(),
                                "--frozen",
                                "--offline"};
  if (!request.cache_dir.empty()) argv.insert(argv.end(), {"--cache-dir", request.cache_dir});
  if (request.no_layer_cache) argv.push_back("--no-layer-cache");
  argv.insert(argv.end(), {"--isolation", to_string(request.isolation)});
  if (request.allow_unconfined_scripts) argv.push_back("--allow-unconfined-scripts");
  if (request.check_reproducible) argv.push_back("--check-reproducible");
  return argv;
}

class PlatformProcess {
 public:
  PlatformProcess(const ComposeRequest& request, const std::string& arch, const fs::path& folder)
      : arch_(arch), label_(oci_platform(arch).str()), layout_(folder / arch), result_(folder / (arch + ".json")) {
    const std::vector<std::string> argv = platform_argv(request, arch, layout_);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    UniqueFd result(::open(result_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!result) throw Error("cannot create " + result_.string() + ": " + errno_text(errno));
    Pipe lines;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, result.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, lines.write.get(), 2);
    const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw Error("cannot start the compose of " + label_ + ": " + errno_text(rc));
    lines_ = std::move(lines.read);
  }
  PlatformProcess(const PlatformProcess&) = delete;
  PlatformProcess& operator=(const PlatformProcess&) = delete;
  // A process still running when the parent unwinds is stopped and reaped.
  ~PlatformProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    reap();
  }

  int fd() const { return lines_.get(); }
  const std::string& label() const { return label_; }

  // Reads what is there; each whole line goes to events. False at the end of its output.
  bool read_lines(ComposeEvents& events) {
    char buffer[4096];
    const ssize_t n = ::read(lines_.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) return true;
    if (n > 0) pending_.append(buffer, static_cast<size_t>(n));
    for (size_t end; (end = pending_.find('\n')) != std::string::npos; pending_.erase(0, end + 1)) {
      const std::string line = pending_.substr(0, end);
      if (line.rfind("debimg: error: ", 0) == 0) error_ = line.substr(15);
      events.platform_line(label_, line);
    }
    return n > 0;
  }

  // Once its output ended: waits for it, and returns what it built or throws its error.
  PlatformBuild finish() {
    const int status = reap();
    if (status != 0) {
      if (interrupted()) throw Interrupted();
      throw Error(label_ + ": " + (error_.empty() ? "its compose failed (exit status " + std::to_string(status) + ")"
                                                  : error_));
    }
    try {
      const nlohmann::json j = nlohmann::json::parse(read_file(result_));
      const nlohmann::json image{{"manifest", j.at("digest")}, {"config", j.at("config")}, {"layers", j.at("layers")},
                                 {"sboms", j.value("sboms", nlohmann::json::object())}};
      const size_t paths = j.contains("reproducible") ? j["reproducible"].value("paths", size_t{0}) : 0;
      return PlatformBuild{arch_, layout_, image.get<ImageReport>(), paths, j.value("source-date-epoch", int64_t{0})};
    } catch (const nlohmann::json::exception& e) {
      throw Error(label_ + ": its compose printed no image (" + std::string(e.what()) + ")");
    }
  }

 private:
  int reap() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0)
      if (errno != EINTR) break;
    pid_ = 0;
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  }

  std::string arch_, label_;
  fs::path layout_, result_;
  pid_t pid_ = 0;
  UniqueFd lines_;
  std::string pending_, error_;
};

}  // namespace

std::vector<PlatformBuild> build_platforms(const ComposeRequest& request, const std::vector<std::string>& architectures,
                                           const fs::path& folder, unsigned jobs, ComposeEvents& events) {
  std::vector<std::optional<PlatformBuild>> built(architectures.size());
  std::vector<std::unique_ptr<PlatformProcess>> running(architectures.size());
  size_t next = 0, done = 0;
  while (done < architectures.size()) {
    check_interrupted();  // unwinding stops the running ones
    size_t active = 0;
    for (const auto& r : running) active += r ? 1 : 0;
    if (next < architectures.size() && active < std::max(jobs, 1u)) {
      events.platform_line(oci_platform(architectures[next]).str(), "composing");
      running[next] = std::make_unique<PlatformProcess>(request, architectures[next], folder);
      ++next;
      continue;
    }
    std::vector<pollfd> fds;
    std::vector<size_t> which;
    for (size_t i = 0; i < running.size(); ++i)
      if (running[i]) {
        fds.push_back({running[i]->fd(), POLLIN, 0});
        which.push_back(i);
      }
    if (::poll(fds.data(), fds.size(), 200) < 0 && errno != EINTR) throw Error("poll: " + errno_text(errno));
    for (size_t k = 0; k < fds.size(); ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      auto& process = running[which[k]];
      if (process->read_lines(events)) continue;
      built[which[k]] = process->finish();
      process.reset();
      ++done;
    }
  }
  std::vector<PlatformBuild> out;
  for (auto& b : built) out.push_back(std::move(*b));
  return out;
}

}  // namespace debimg
