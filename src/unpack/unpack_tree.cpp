#include "unpack/unpack_tree.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <thread>

#include "unpack/dpkg_database.h"
#include "unpack/image_apt_sources.h"
#include "unpack/path_filter.h"
#include "unpack/unpacker.h"
#include "util/error.h"
#include "util/files.h"

namespace debimg {

namespace {

// With merged-usr (as mmdebstrap and debootstrap do), debimg makes /bin, /sbin, /lib* → usr/ first.
void merged_usr_links(TreeWriter& tree, FileTable& table, const std::string& arch) {
  std::vector<std::string> dirs{"bin", "sbin", "lib"};
  if (arch == "amd64" || arch == "ppc64el" || arch == "mips64el" || arch == "loong64") dirs.push_back("lib64");
  for (const auto& d : dirs) {
    tree.parent_of("usr/" + d + "/.");
    FileMeta dir;
    dir.type = EntryType::directory;
    dir.mode = 0755;
    if (!table.find("usr/" + d)) table.set("usr/" + d, dir);
    if (::symlinkat(("usr/" + d).c_str(), tree.root_fd(), d.c_str()) != 0 && errno != EEXIST)
      throw Error("cannot create the merged-/usr link /" + d + ": " + errno_text(errno));
    FileMeta link;
    link.type = EntryType::symlink;
    link.mode = 0777;
    link.link = "usr/" + d;
    table.set(d, link);
  }
}

// Back to an empty staging tree, for unpacking again in order.
void empty_tree(const std::filesystem::path& root) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec))
    if (std::filesystem::remove_all(entry.path(), ec) == static_cast<std::uintmax_t>(-1)) break;
  if (ec) throw Error("cannot empty the staging tree " + root.string() + ": " + ec.message());
}

}  // namespace

UnpackedTree unpack_tree(const std::filesystem::path& root, const Profile& profile,
                         const std::vector<ArchiveSuite>& suites, const Lockfile& lock,
                         const std::vector<std::filesystem::path>& debs, const Cache* cache) {
  UnpackedTree out;
  if (::chmod(root.c_str(), 0755) != 0) throw Error("cannot chmod " + root.string() + ": " + errno_text(errno));
  const PathFilter filter = PathFilter::for_slim(profile.slim);
  std::optional<DataTarCache> data_cache;
  if (cache) data_cache.emplace(*cache);

  // base-files first: on trixie it ships the /usr links and checks them.
  std::vector<size_t> order;
  for (size_t i = 0; i < lock.packages.size(); ++i)
    if (lock.packages[i].name == "base-files") order.push_back(i);
  for (size_t i = 0; i < lock.packages.size(); ++i)
    if (lock.packages[i].name != "base-files") order.push_back(i);
  std::vector<Unpacker::Job> jobs;
  for (size_t i : order)
    jobs.push_back({debs.at(i), lock.packages[i].name + " " + lock.packages[i].version, lock.packages[i].sha256,
                    {lock.packages[i].name, lock.packages[i].version, lock.packages[i].architecture}});
  // base-files alone first (it may ship the /usr links), then the rest in parallel.
  const size_t serial = !order.empty() && lock.packages[order.front()].name == "base-files" ? 1 : 0;
  const char* jobs_env = std::getenv("DEBIMG_UNPACK_JOBS");
  unsigned threads = jobs_env && std::atoi(jobs_env) > 0 ? static_cast<unsigned>(std::atoi(jobs_env)) : std::max(2u, std::thread::hardware_concurrency());
  std::optional<Unpacker> unpacker;
  auto attempt = [&](unsigned with) {
    out.table = FileTable{};
    FileMeta root_meta;
    root_meta.type = EntryType::directory;
    root_meta.mode = 0755;
    out.table.set("", root_meta);
    unpacker.emplace(root, out.table);
    if (!filter.empty()) unpacker->set_filter(&filter);
    if (data_cache) unpacker->set_data_cache(&*data_cache);
    if (profile.merged_usr) merged_usr_links(unpacker->tree(), out.table, lock.architecture());
    unpacker->unpack_all(jobs, with, serial);
  };
  try {
    attempt(threads);
  } catch (const UnpackAgainInOrder&) {
    // Packages share paths (or one failed): dpkg's answer is the one in lock order.
    unpacker.reset();
    empty_tree(root);
    attempt(1);
  }

  // What apt marks manual: the packages the lock says were asked for (the
  // profile's, the variant's seeds, usr-is-merged); the rest are automatic.
  std::set<std::string> requested;
  for (const auto& p : lock.packages)
    if (!p.requested.empty()) requested.insert(p.name);
  write_dpkg_database(unpacker->tree(), out.table, unpacker->packages(), lock.architecture(), requested);
  write_image_apt_sources(unpacker->tree(), out.table, profile, suites);
  if (!filter.empty()) {
    // Later installs in the image (apt-get, install_packages) stay as slim.
    const std::string path = "etc/dpkg/dpkg.cfg.d/debimg-slim";
    unpacker->tree().write_file(path, "# Written by debimg for the profile's `slim:`.\n" + filter.dpkg_config(), 0644);
    FileMeta m;
    m.mode = 0644;
    out.table.set(unpacker->tree().physical_path(path), m);
  }
  out.packages = unpacker->packages();
  return out;
}

}  // namespace debimg
