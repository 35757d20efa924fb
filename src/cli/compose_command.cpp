// `debimg compose PROFILE.yaml`: lock, fetch, unpack, ... — as far as the
// pipeline is built. Output is staged beside its final path and renamed.
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "fetch/package_fetcher.h"
#include "lock/lock_resolution.h"
#include "profile/host_apt.h"
#include "profile/profile_parser.h"
#include "unpack/unpack_tree.h"
#include "util/error.h"
#include "util/staged_output.h"

namespace fs = std::filesystem;

namespace debimg {

int compose_command(const ComposeCommand& cmd, const Output& out) {
  if (!cmd.push.empty()) throw Error("--push: `debimg push` is not built yet");
  if (cmd.until.empty()) throw Error("compose: the configure stage (maintainer scripts) is not built yet; `--until unpack` stops before it");
  if (cmd.until == "unpack" && cmd.format != "dir")
    throw Error("--until unpack writes the unpacked tree as --format dir; the other formats are not built yet");
  const bool terminal = ::isatty(2);
  HostApt host = read_host_apt();
  Profile profile = load_profile(cmd.profile, host.architecture);
  std::vector<ArchiveSuite> suites = resolve_archive_suites(profile, host);
  Cache cache(cmd.cache_dir);

  LockOptions lock_options;
  lock_options.offline = cmd.offline;
  lock_options.warn = [](const std::string& w) { std::cerr << "debimg: warning: " << w << "\n"; };
  const fs::path lock_path = lockfile_path(cmd.profile);
  bool lock_written = false;
  Lockfile lock = lock_for_compose(profile, suites, cache, lock_path,
                                   cmd.frozen ? LockPolicy::frozen : cmd.update_lock ? LockPolicy::update : LockPolicy::normal,
                                   lock_options, lock_written);
  if (terminal) std::cerr << (lock_written ? "wrote " : "using ") << lock_path.string() << "\n";

  FetchOptions fetch_options;
  fetch_options.offline = cmd.offline;
  if (terminal)
    fetch_options.progress = [](size_t done, size_t total, uint64_t bytes) {
      std::cerr << "\rfetch: " << done << "/" << total << " packages, " << bytes / 1000000 << " MB downloaded" << std::flush;
      if (done == total) std::cerr << "\n";
    };
  FetchResult fetched = fetch_packages(lock, suites, profile, cache, fetch_options);
  nlohmann::json result{{"lockfile", lock_path.string()},
                        {"lock-written", lock_written},
                        {"packages", lock.packages.size()},
                        {"downloaded", fetched.downloaded},
                        {"downloaded-bytes", fetched.downloaded_bytes}};
  std::ostringstream text;
  text << lock.packages.size() << " packages, " << fetched.downloaded << " downloaded (" << fetched.downloaded_bytes
       << " bytes)\n";
  if (cmd.until == "fetch") {
    out.result(result, text.str());
    return 0;
  }

  const fs::path output = cmd.output.empty() ? fs::path(profile.name) : fs::path(cmd.output);
  StagedOutput staged(output, StagedOutput::directory);
  if (terminal) std::cerr << "unpack: " << lock.packages.size() << " packages\n";
  UnpackedTree tree = unpack_tree(staged.path(), profile, suites, lock, fetched.files);
  staged.commit();
  result["output"] = fs::absolute(output).string();
  result["paths"] = tree.table.size();
  text << "unpacked into " << fs::absolute(output).string() << " (" << tree.table.size() << " paths; not configured)\n";
  out.result(result, text.str());
  return 0;
}

}  // namespace debimg
