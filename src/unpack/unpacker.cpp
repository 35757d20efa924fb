#include "unpack/unpacker.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <sstream>
#include <thread>

#include "util/error.h"
#include "util/io_place.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/sha256.h"
#include "validate/identifiers.h"

namespace debimg {

namespace {

// Control members dpkg keeps in info/ (besides control itself, which goes to status).
const std::set<std::string> kInfoMembers{"preinst", "postinst", "prerm",   "postrm",   "config", "templates",
                                         "triggers", "shlibs",  "symbols", "conffiles", "md5sums"};
constexpr size_t kControlLimit = 64u << 20;

FileMeta meta_of(const TarEntry& e, const std::string& package) {
  FileMeta m;
  m.type = e.type;
  m.mode = e.mode;
  m.uid = e.uid;
  m.gid = e.gid;
  m.link = e.link;
  m.rdev_major = e.rdev_major;
  m.rdev_minor = e.rdev_minor;
  m.mtime = e.mtime;
  m.xattrs = e.xattrs;
  m.package = package;
  return m;
}

void copy_to(int fd, EntryData& data, uint64_t expected, Md5* md5) {
  uint64_t written = 0;
  char buffer[1 << 16];
  while (size_t n = data.read(buffer, sizeof buffer)) {
    written += n;
    if (written > expected) throw Error("member is larger than its header says");
    if (md5) md5->update(buffer, n);
    write_all(fd, buffer, n, "the file");
  }
  if (written != expected)
    throw Error("truncated member: " + std::to_string(written) + " of " + std::to_string(expected) + " bytes");
}

}  // namespace

struct Unpacker::Current {
  UnpackedPackage pkg;
  std::string label;
  size_t index = 0;
  TreeWriter* tree = nullptr;
  unsigned symlinks_seen = 0;
  std::set<std::string> conffiles;        // tar paths ("etc/x")
  std::set<std::string> extracted;        // tar paths this package extracted, for hardlinks
  std::set<std::string> filtered;         // tar paths the path filter kept out
  std::map<std::string, std::string> md5;  // tar path → md5, when the package ships no md5sums
  bool compute_md5 = false;
  PackageIdentity lock;
};

Unpacker::Unpacker(const std::filesystem::path& root, FileTable& table) : tree_(root), root_(root), table_(table) {}

void Unpacker::unpack_all(const std::vector<Job>& jobs, unsigned threads, size_t serial) {
  packages_.assign(jobs.size(), UnpackedPackage{});
  claimants_.assign(jobs.size(), Claimant{});
  serial_ = std::min(serial, jobs.size());
  parallel_ = threads > 1 && jobs.size() - serial_ > 1;
  for (size_t i = 0; i < serial_; ++i) unpack_one(jobs[i], i, tree_);
  std::atomic<size_t> next{std::min(serial, jobs.size())};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  auto worker = [&] {
    TreeWriter tree(root_);  // a directory cache per thread
    while (!failed) {
      size_t i = next++;
      if (i >= jobs.size()) return;
      try {
        unpack_one(jobs[i], i, tree);
      } catch (const Interrupted&) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error) error = std::current_exception();
        failed = true;
      } catch (const Error& e) {
        // Which package fails first, and how, may depend on timing: the
        // caller unpacks again in order, where the error is dpkg's.
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error) error = parallel_ ? std::make_exception_ptr(UnpackAgainInOrder(e.what())) : std::current_exception();
        failed = true;
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(jobs.size()))); ++t)
    pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  // Paths a later package took over leave the earlier one's list, as in dpkg.
  for (const auto& [index, paths] : taken_) {
    auto& files = packages_[index].files;
    files.erase(std::remove_if(files.begin(), files.end(), [&taken = paths](const std::string& f) { return taken.count(f); }),
                files.end());
  }
  for (auto& [index, sums] : computed_md5_) {
    std::string text;
    for (const auto& path : packages_[index].files)
      if (auto it = sums.find(path.substr(1)); it != sums.end()) text += it->second + "  " + it->first + "\n";
    if (!text.empty()) packages_[index].info["md5sums"] = text;
  }
  computed_md5_.clear();
  tree_.forget_directories();
}

void Unpacker::unpack_one(const Job& job, size_t index, TreeWriter& tree) {
  Current c;
  c.label = job.label;
  c.index = index;
  c.tree = &tree;
  c.lock = job.lock;
  bool control_done = false;
  // data.tar from the cache when it has it, else from the .deb, kept for next time.
  DebReadOptions options;
  std::unique_ptr<DataTarCache::Writer> keep;
  if (data_cache_ && !job.sha256.empty()) options = data_cache_->read_options(job.sha256, keep);
  read_deb(job.deb, job.label, [&](DebMember member, const TarEntry& e, EntryData& data) {
    try {
      if (member == DebMember::control) return control_entry(c, e, data);
      if (!control_done) {
        if (c.pkg.control.fields.empty()) throw Error("control.tar has no control file");
        control_done = true;
        c.compute_md5 = !c.pkg.info.count("md5sums");  // dpkg computes them when a package has none
        c.pkg.files.push_back("/.");
        std::lock_guard<std::mutex> lock(mutex_);
        claimants_[index] = Claimant{c.pkg.name, c.pkg.version, c.pkg.control.names("Replaces")};
      }
      data_entry(c, e, data);
    } catch (const Interrupted&) {
      throw;
    } catch (const UnpackAgainInOrder&) {
      throw;
    } catch (const Error& err) {
      const std::string what = err.what();
      if (what.rfind(job.label, 0) == 0) throw;
      throw Error(job.label + ": " + (e.path.empty() ? std::string("/") : "/" + e.path) + ": " + what);
    }
  }, options);
  if (keep) keep->keep();
  if (c.compute_md5) {
    for (const auto& path : c.conffiles) c.md5.erase(path);  // dpkg leaves conffiles out of md5sums
    std::lock_guard<std::mutex> lock(mutex_);
    computed_md5_[index] = std::move(c.md5);
  }
  packages_[index] = std::move(c.pkg);
}

void Unpacker::control_entry(Current& c, const TarEntry& e, EntryData& data) {
  if (e.type != EntryType::file) return;
  if (e.path == "control") {
    c.pkg.control = parse_control(data.read_all(kControlLimit), c.label);
    c.pkg.name = c.pkg.control.get("Package");
    c.pkg.version = c.pkg.control.get("Version");
    c.pkg.architecture = c.pkg.control.get("Architecture");
    // These name files under var/lib/dpkg/info: checked as the lock's are.
    require_package_name(c.pkg.name, c.label + ": control file: Package");
    require_version(c.pkg.version, c.label + ": control file: Version");
    require_architecture(c.pkg.architecture, c.label + ": control file: Architecture");
    try {
      check_identity({c.pkg.name, c.pkg.version, c.pkg.architecture}, c.lock);
    } catch (const Error& err) {
      throw Error(c.label + ": " + err.what());
    }
    c.pkg.multi_arch_same = c.pkg.control.get("Multi-Arch") == "same";
  } else if (kInfoMembers.count(e.path)) {
    c.pkg.info[e.path] = data.read_all(kControlLimit);
    if (e.path == "conffiles") {
      std::istringstream lines(c.pkg.info[e.path]);
      for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] != '/') continue;
        std::string path = line.substr(0, line.find_first_of(" \t"));  // later dpkg adds flags after the path
        c.pkg.conffiles.push_back(path);
        c.conffiles.insert(path.substr(1));
      }
    }
  }
}

bool Unpacker::claim(Current& c, const std::string& physical, const std::string& tar_path) {
  std::lock_guard<std::mutex> lock(mutex_);
  check_shared(physical, c.index, false);
  auto it = owner_.find(physical);
  if (it == owner_.end() || it->second == c.index) {
    owner_[physical] = c.index;
    return true;
  }
  const Claimant& other = claimants_[it->second];
  const Claimant& ours = claimants_[c.index];
  if (std::find(ours.replaces.begin(), ours.replaces.end(), other.name) != ours.replaces.end()) {
    taken_[it->second].insert("/" + tar_path);  // leaves the other's list, as dpkg records it
    it->second = c.index;
    return true;
  }
  if (std::find(other.replaces.begin(), other.replaces.end(), ours.name) != other.replaces.end()) return false;
  throw Error("trying to overwrite '/" + tar_path + "', which is also in package " + other.name + " " + other.version +
              " (and neither Replaces the other)");
}

void Unpacker::check_shared(const std::string& physical, size_t index, bool as_directory) {
  if (!parallel_ || index < serial_) return;
  auto other = [&](const std::map<std::string, size_t>& users) {
    auto it = users.find(physical);
    return it != users.end() && it->second != index && it->second >= serial_;
  };
  if (other(owner_) || (!as_directory && other(dir_user_)))
    throw UnpackAgainInOrder("/" + physical + " is shipped by two packages unpacking in parallel");
}

void Unpacker::check_links(const std::vector<std::string>& links, size_t index) {
  if (!parallel_ || links.empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& link : links) check_shared(link, index, true);
}

void Unpacker::set_dir_meta(const std::string& physical, const FileMeta& meta, size_t index) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = dir_order_.find(physical);
  if (it != dir_order_.end() && it->second <= index) return;
  if (it == dir_order_.end() && table_.find(physical)) return;  // made by debimg before unpacking
  dir_order_[physical] = index;
  table_.set(physical, meta);
}

void Unpacker::set_file_meta(const std::string& physical, const FileMeta& meta, size_t index) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = owner_.find(physical);
  if (it != owner_.end() && it->second != index) return;  // taken over meanwhile: the new owner records it
  table_.set(physical, meta);
}

void Unpacker::data_entry(Current& c, const TarEntry& e, EntryData& data) {
  check_interrupted();
  if (unsigned seen = symlinks_replaced_.load(); seen != c.symlinks_seen) {
    c.tree->forget_directories();
    c.symlinks_seen = seen;
  }
  check_entry_path(e.path);
  check_xattrs(e.xattrs);
  if (e.path.empty()) {  // "./": the root itself
    set_dir_meta("", meta_of(e, ""), c.index);
    return;
  }
  // Filtered out (slim): never written, yet listed, as dpkg does; a hardlink
  // to a filtered file goes with it.
  if (filter_ && (filter_->skip("/" + e.path, e.type) || (e.type == EntryType::hardlink && c.filtered.count(e.link)))) {
    c.filtered.insert(e.path);
    c.pkg.files.push_back("/" + e.path);
    return;
  }
  TreeWriter::Parent parent = c.tree->parent_of(e.path);
  const int dir = parent.fd;
  const std::string& leaf = parent.leaf;
  const std::string physical = parent.physical();
  check_entry_path(physical);  // symlinks may lead deeper, or create whiteout-named directories
  check_links(parent.links, c.index);

  if (e.type == EntryType::directory) {
    // Look first: a failed mkdir costs as much as a successful one here.
    struct stat st;
    bool is_dir = false;
    if (::fstatat(dir, leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
      if (S_ISLNK(st.st_mode))  // keep directory symlinks (merged /usr) that lead to a directory
        check_links(c.tree->parent_of(e.path + "/.", false).links, c.index);
      else if (!S_ISDIR(st.st_mode))
        throw Error("a directory in the package, but a file in the tree");
      is_dir = S_ISDIR(st.st_mode);
    } else if (::mkdirat(dir, leaf.c_str(), (e.mode | 0700) & 07777) == 0 || errno == EEXIST) {
      is_dir = true;  // (EEXIST: another thread made it just now)
    } else {
      throw Error(io_failure("create", c.tree->host_path(physical), errno));
    }
    if (parallel_) {
      std::lock_guard<std::mutex> lock(mutex_);
      check_shared(physical, c.index, true);
      dir_user_.emplace(physical, c.index);
    }
    if (is_dir) set_dir_meta(physical, meta_of(e, c.pkg.name), c.index);
    c.pkg.files.push_back("/" + e.path);
    return;
  }

  // Where it lands, not what the tar says: dev/x may lead through a symlink.
  if (e.type == EntryType::char_device || e.type == EntryType::block_device) check_device_location(physical);
  if (!claim(c, physical, e.path)) return;  // another package Replaces this one and keeps the file
  const bool conffile = e.type == EntryType::file && c.conffiles.count(e.path);
  const std::string name = conffile ? leaf + ".dpkg-new" : leaf;
  const std::string stored = conffile ? physical + ".dpkg-new" : physical;

  // Create; when something is already there, look at it, remove it, create again.
  auto create = [&](auto make) {
    if (make() == 0) return;
    if (errno != EEXIST) throw Error(io_failure("create", c.tree->host_path(stored), errno));
    struct stat st;
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
      if (S_ISDIR(st.st_mode)) throw Error("a file in the package, but a directory in the tree");
      if (S_ISLNK(st.st_mode)) {  // paths through the old link may lead elsewhere now
        ++symlinks_replaced_;
        c.tree->forget_directories();
      }
    }
    if (::unlinkat(dir, name.c_str(), 0) != 0 && errno != ENOENT) throw Error("cannot replace: " + errno_text(errno));
    if (make() != 0) throw Error(io_failure("create", c.tree->host_path(stored), errno));
  };

  FileMeta meta = meta_of(e, c.pkg.name);
  switch (e.type) {
    case EntryType::file: {
      UniqueFd fd;
      create([&] {
        fd.reset(::openat(dir, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        return fd ? 0 : -1;
      });
      Md5 md5;
      copy_to(fd.get(), data, e.size, c.compute_md5 ? &md5 : nullptr);
      if (::fchmod(fd.get(), (e.mode | 0600) & 07777) != 0) throw Error("cannot chmod: " + errno_text(errno));
      struct timespec times[2] = {{e.mtime, 0}, {e.mtime, 0}};
      ::futimens(fd.get(), times);
      if (c.compute_md5) c.md5[e.path] = md5.hex();
      c.extracted.insert(e.path);
      break;
    }
    case EntryType::symlink:
      create([&] { return ::symlinkat(e.link.c_str(), dir, name.c_str()); });
      break;
    case EntryType::hardlink: {
      if (!c.extracted.count(e.link))
        throw Error("hardlink to '/" + e.link + "', which this package has not extracted before it");
      TreeWriter::Parent target = c.tree->parent_of(e.link, false);
      check_links(target.links, c.index);
      const std::string target_name = c.conffiles.count(e.link) ? target.leaf + ".dpkg-new" : target.leaf;
      create([&] { return ::linkat(target.fd, target_name.c_str(), dir, name.c_str(), 0); });
      meta.link = target.physical();
      std::lock_guard<std::mutex> lock(mutex_);
      if (const FileMeta* t = table_.find(target.physical())) {
        meta.mode = t->mode;
        meta.uid = t->uid;
        meta.gid = t->gid;
      }
      c.extracted.insert(e.path);
      break;
    }
    case EntryType::char_device:
    case EntryType::block_device: {
      // No mknod without privilege: an empty placeholder; the table knows what it is.
      UniqueFd fd;
      create([&] {
        fd.reset(::openat(dir, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        return fd ? 0 : -1;
      });
      break;
    }
    case EntryType::fifo:
      create([&] { return ::mkfifoat(dir, name.c_str(), 0600); });
      break;
    case EntryType::directory:
      break;
  }
  set_file_meta(stored, meta, c.index);
  c.pkg.files.push_back("/" + e.path);
}

}  // namespace debimg
