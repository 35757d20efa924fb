// `debimg compose PROFILE.yaml`: lock, fetch, unpack, configure (in a user
// namespace), tidy, and write the output — staged beside its final path (or
// in the cache) and renamed into place only when complete.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "configure/configure_tree.h"
#include "configure/id_map.h"
#include "configure/sandbox.h"
#include "configure/tree_scan.h"
#include "configure/user_namespace.h"
#include "export/rootfs_tar.h"
#include "fetch/package_fetcher.h"
#include "export/docker_archive.h"
#include "export/image_layers.h"
#include "export/oci_layout.h"
#include "finalize/accounts.h"
#include "finalize/determinism.h"
#include "finalize/hooks.h"
#include "finalize/tidy.h"
#include "lock/lock_resolution.h"
#include "push/image_push.h"
#include "profile/host_apt.h"
#include "profile/profile_parser.h"
#include "unpack/unpack_tree.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/staged_output.h"
#include "util/temporaries.h"
#include "util/tree_fs.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

void stage(bool terminal, const std::string& what) {
  if (terminal) std::cerr << what << "\n";
}

// VERSION_ID from the tree's /etc/os-release (or usr/lib/os-release), for the image annotation.
std::string os_release_version(int root_fd) {
  for (const char* path : {"etc/os-release", "usr/lib/os-release"}) {
    UniqueFd fd = open_in_tree(root_fd, path, O_RDONLY);
    if (!fd) continue;
    char buffer[4096];
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    std::istringstream lines(std::string(buffer, n > 0 ? static_cast<size_t>(n) : 0));
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("VERSION_ID=", 0) == 0) {
        std::string v = line.substr(11);
        if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
        return v;
      }
  }
  return "";
}

// An oci-archive: the layout as one tar, root-owned, mtimes at the epoch, sorted.
void write_layout_archive(const fs::path& layout, int64_t epoch, int out_fd) {
  UniqueFd root(::open(layout.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  FileTable table = scan_tree(root.get(), FileTable{});
  FileTable normal;
  for (auto [path, meta] : table.entries()) {
    meta.uid = meta.gid = 0;
    meta.mode = meta.type == EntryType::directory ? 0755 : 0644;
    meta.mtime = epoch;
    normal.set(path, meta);
  }
  TarOptions options;
  options.prefix = "";
  options.include_root = false;
  write_rootfs_tar(root.get(), normal, out_fd, options);
}

// After configure started, the staging tree holds files of the namespace's
// ids; if the run dies there (an interrupt kills the namespace), remove them
// from inside a fresh namespace before the temporaries are dropped.
struct NamespaceTreeCleanup {
  const IdMap& ids;
  fs::path tree;
  bool armed = false;
  ~NamespaceTreeCleanup() {
    if (!armed || ids.identity) return;
    try {
      run_in_namespace(ids, [&] {
        UniqueFd root(::open(tree.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (root) remove_contents(root.get());
      }, false);
    } catch (...) {
    }
  }
};

// What killed runs left in the cache's scratch folder and beside the output.
// A user's trees hold files of its subordinate ids: removed from inside the namespace.
void remove_stale_temporaries_of_killed_runs(const Cache& cache, const fs::path& output, const IdMap& ids) {
  auto remove = [&](const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (!ec || ids.identity || ids.user.empty()) return;
    try {
      run_in_namespace(ids, [&] {
        UniqueFd root(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (root) remove_contents(root.get());
      }, false);
    } catch (const Error&) {
    }
    fs::remove_all(path, ec);
  };
  remove_stale_temporaries(cache.scratch(), [](const std::string&) { return true; }, remove);
  StagedOutput::remove_stale(output, remove);
}

}  // namespace

int compose_command(const ComposeCommand& cmd, const Output& out) {
  // A bad reference fails before any work.
  const std::optional<RegistryRef> push_ref =
      cmd.push.empty() ? std::nullopt : std::optional<RegistryRef>(parse_registry_ref(cmd.push));
  const bool to_tar = cmd.format == "rootfs-tar";
  const bool to_oci = cmd.format == "oci" || cmd.format == "oci-archive" || cmd.format == "docker-archive";
  const bool archived_layout = cmd.format == "oci-archive" || cmd.format == "docker-archive";
  const bool in_memory = cmd.format != "dir";  // every output but a directory is built from a tree on a tmpfs
  if (cmd.until == "unpack" && cmd.format != "dir") throw Error("--until unpack writes the unpacked tree: use --format dir");
  const bool terminal = ::isatty(2);
  HostApt host = read_host_apt();
  use_apt_proxies(host);
  Profile profile = load_profile(cmd.profile, host.architecture);
  std::vector<ArchiveSuite> suites = resolve_archive_suites(profile, host);
  Cache cache(cmd.cache_dir);
  // Before any work: without a usable id map, or without openat2 to walk the configured tree, there is no configuring.
  if (cmd.until.empty()) require_openat2();
  const IdMap ids = cmd.until.empty() ? detect_id_map() : IdMap{};

  LockOptions lock_options;
  lock_options.offline = cmd.offline;
  lock_options.warn = [](const std::string& w) { std::cerr << "debimg: warning: " << w << "\n"; };
  const fs::path lock_path = lockfile_path(cmd.profile);
  bool lock_written = false;
  Lockfile lock = lock_for_compose(profile, suites, cache, lock_path,
                                   cmd.frozen ? LockPolicy::frozen : cmd.update_lock ? LockPolicy::update : LockPolicy::normal,
                                   lock_options, lock_written);
  stage(terminal, std::string(lock_written ? "lock: wrote " : "lock: using ") + lock_path.string());

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

  const bool output_is_file = to_tar || archived_layout;
  const fs::path output = cmd.output.empty() ? fs::path(profile.name + (output_is_file ? ".tar" : "")) : fs::path(cmd.output);
  remove_stale_temporaries_of_killed_runs(cache, output, ids);
  StagedOutput staged(output, output_is_file ? StagedOutput::file : StagedOutput::directory);
  // Any tree but a `dir` output's lives in the cache (on a tmpfs, see below).
  std::optional<TempDir> tar_tree;
  if (in_memory) tar_tree.emplace(cache.scratch(), "tree-");
  const fs::path tree = in_memory ? tar_tree->path() : staged.path();
  // An OCI layout is built in place (oci) or in the cache and then archived (oci-archive).
  std::optional<TempDir> layout_dir;
  if (archived_layout) layout_dir.emplace(cache.scratch(), "layout-");
  const fs::path layout = cmd.format == "oci" ? staged.path() : layout_dir ? layout_dir->path() : fs::path();

  const fs::path log_path = cache.new_temp_file("configure-log");
  struct KeepLogOnlyOnFailure {  // a failed configure leaves its log for the user; nothing else does
    fs::path path;
    ~KeepLogOnlyOnFailure() {
      if (interrupted()) ::unlink(path.c_str());
    }
  } log_guard{log_path};
  UniqueFd log(::open(log_path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC));  // read back for error messages
  UniqueFd tar_fd;
  if (to_tar) tar_fd.reset(::open(staged.path().c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!log || (to_tar && !tar_fd)) throw Error("cannot open the configure log or the output: " + errno_text(errno));

  // SOURCE_DATE_EPOCH from the environment, else the newest InRelease Date in the lock.
  int64_t source_date_epoch = lock.source_date_epoch();
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) source_date_epoch = std::atoll(e);
  const Sandbox sandbox(tree, ids, log.get());
  const HookContext hook_context{&sandbox, &profile, suites.front().suite, lock.architecture, source_date_epoch,
                                 log_path.string()};
  auto hooks = [&](const std::string& name, const std::vector<Hook>& list) {
    if (list.empty()) return;
    stage(terminal, "hooks: " + name);
    run_hooks(name, list, hook_context);
  };
  auto unpack = [&] {
    hooks("setup", profile.hooks.setup);  // on the empty tree
    stage(terminal, "unpack: " + std::to_string(lock.packages.size()) + " packages");
    return unpack_tree(tree, profile, suites, lock, fetched.files, &cache);
  };
  // A directory output is unpacked where it will stay. A tar's tree lives
  // only inside the namespace, on a tmpfs mounted over its (empty) staging
  // directory in the cache: nothing of it reaches the disk, and it vanishes
  // with the namespace whatever happens.
  std::optional<UnpackedTree> unpacked;
  if (!in_memory) {
    unpacked = unpack();
    if (cmd.until == "unpack") {
      staged.commit();
      result["output"] = fs::absolute(output).string();
      text << "unpacked into " << fs::absolute(output).string() << " (" << unpacked->table.size()
           << " paths; not configured)\n";
      out.result(result, text.str());
      return 0;
    }
  }

  stage(terminal, "configure: maintainer scripts in the sandbox (their root is id " + std::to_string(ids.outer_uid(ids.sandbox_uid_base)) +
                      ", " + ids.sandbox_range_source + ")");
  NamespaceTreeCleanup cleanup{ids, tree, !in_memory};
  std::map<std::string, std::string> deb_digests;  // what a package layer's contents come from
  for (const auto& p : lock.packages) deb_digests[p.name] = p.sha256;
  const LayerCache layer_cache(cache);
  const LayerSettings layer_settings{layout / "blobs/sha256", profile.image.compression, source_date_epoch,
                                     cmd.no_layer_cache ? nullptr : &layer_cache};
  // What --json reports about the image, from the namespace: a file, so no size can block the writer.
  const fs::path report_path = cache.new_temp_file("report");
  struct RemoveReport {
    fs::path path;
    ~RemoveReport() { ::unlink(path.c_str()); }
  } report_guard{report_path};
  UniqueFd report_fd(::open(report_path.c_str(), O_RDWR | O_CLOEXEC));
  if (!report_fd) throw Error("cannot open " + report_path.string() + ": " + errno_text(errno));
  run_in_namespace(ids, [&] {
    try {
      if (in_memory) {
        if (::mount("tmpfs", tree.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
          throw Error("cannot mount a tmpfs for the staging tree: " + errno_text(errno));
        unpacked = unpack();
      }
      // Package layers hold the packages as unpacked: written before any script runs.
      std::optional<PackageLayers> package_layers;
      if (to_oci && profile.image.layers.kind == LayerStrategy::packages) {
        stage(terminal, "export: package layers");
        UniqueFd root(::open(tree.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        package_layers.emplace(root.get(), *unpacked, deb_digests, profile.image.layers.max, layer_settings);
      }
      ConfigureInput configure{&sandbox, &unpacked->table, &unpacked->packages, log_path.string(), {}, {}};
      // extract: after unpacking, with the owners applied (what hooks chown sticks), before any script.
      configure.before_scripts = [&] { hooks("extract", profile.hooks.extract); };
      if (!profile.hooks.essential.empty()) configure.after_essential = [&] { hooks("essential", profile.hooks.essential); };
      configure_tree(configure);
      if (!profile.accounts.groups.empty() || !profile.accounts.users.empty()) {
        stage(terminal, "accounts: " + std::to_string(profile.accounts.groups.size()) + " groups, " +
                            std::to_string(profile.accounts.users.size()) + " users");
        create_accounts(profile.accounts, sandbox, log_path.string());
      }
      hooks("customize", profile.hooks.customize);  // all configured, before tidying and export
      UniqueFd root(::open(tree.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      tidy_tree(root.get());
      tidy_slim(root.get(), profile.slim);
      make_reproducible(root.get(), source_date_epoch);
      FileTable final_table = scan_tree(root.get(), unpacked->table, &ids);
      if (to_tar) {
        TarOptions options;
        options.clamp_mtime = source_date_epoch;
        write_rootfs_tar(root.get(), final_table, tar_fd.get(), options);
      }
      if (to_oci) {
        std::vector<LayerBlob> layers;
        if (package_layers) {
          stage(terminal, "export: the last layer (what configuring changed)");
          layers = package_layers->blobs();
          layers.push_back(package_layers->write_changes(root.get(), final_table));
        } else {
          stage(terminal, "export: OCI layer");
          layers.push_back(write_layer_blob(root.get(), LayerTable{std::move(final_table), {}}, layer_settings));
        }
        ImageFacts facts{lock.architecture, source_date_epoch, os_release_version(root.get()), lock.packages.size()};
        const LayoutDigests digests = write_oci_layout(layout, layers, profile, facts);
        // What --json reports, back to the parent.
        nlohmann::json report{{"manifest", digests.manifest}, {"config", digests.config}, {"layers", nlohmann::json::array()}};
        for (const auto& l : layers)
          report["layers"].push_back({{"digest", l.digest}, {"diff-id", l.diff_id}, {"size", l.size},
                                      {"media-type", l.media_type}, {"reused", l.reused}});
        const std::string text_report = report.dump();
        write_all(report_fd.get(), text_report.data(), text_report.size(), "the report file");
      }
      if (!in_memory) {
        // A directory output keeps the image's owners: as root, the real ones (out of the scripts' range);
        // as a user, the tree stays in the subordinate range and only its owner may enter it, so
        // nobody else can run its set-id files.
        if (ids.identity) apply_table(root.get(), final_table, ids, false);
        else if (::fchmod(root.get(), 0700) != 0) throw Error("cannot make the tree private: " + errno_text(errno));
      }
    } catch (...) {
      if (!in_memory) {
        // Leave nothing that only this namespace could delete.
        UniqueFd root(::open(tree.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        try {
          remove_contents(root.get());
        } catch (...) {
        }
      }
      throw;
    }
  });
  cleanup.armed = false;
  const std::string report = read_file(report_path);
  std::string manifest_digest;
  if (archived_layout) {
    if (cmd.format == "docker-archive") add_docker_manifest(layout, profile.image.tag);
    UniqueFd archive_fd(::open(staged.path().c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
    write_layout_archive(layout, source_date_epoch, archive_fd.get());
  }
  if (!report.empty()) {
    nlohmann::json r = nlohmann::json::parse(report);
    manifest_digest = r["manifest"];
    result["digest"] = manifest_digest;
    result["config"] = r["config"];
    result["layers"] = r["layers"];
  }
  ::unlink(log_path.c_str());  // kept only when configuring failed, for the user to read
  if (cmd.format == "docker-archive") {
    // OUT.load.sh is part of the output: ready beside it before the archive lands.
    const fs::path script = output.string() + ".load.sh";
    write_file_atomic(script, docker_load_script(output.filename().string(), profile.image.tag), 0755);
    result["load-script"] = fs::absolute(script).string();
  }
  staged.commit();
  remove_stale_temporaries_of_killed_runs(cache, output, ids);  // those killed a moment before this run began
  result["output"] = fs::absolute(output).string();
  result["format"] = cmd.format;
  text << "composed " << fs::absolute(output).string() << " (" << cmd.format << ")"
       << (manifest_digest.empty() ? std::string() : ", manifest " + manifest_digest) << "\n";
  if (push_ref) {
    stage(terminal, "push: " + push_ref->str());
    PushResult pushed = push_image(output, *push_ref, cmd.registry, cache);
    result["pushed"] = {{"reference", push_ref->str()}, {"digest", pushed.digest}, {"uploaded", pushed.uploaded},
                        {"uploaded-bytes", pushed.uploaded_bytes}};
    text << "pushed " << push_ref->str() << "@" << pushed.digest << " (" << pushed.uploaded << " of " << pushed.blobs
         << " blobs uploaded)\n";
  }
  out.result(result, text.str());
  return 0;
}

}  // namespace debimg
