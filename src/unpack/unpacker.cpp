#include "unpack/unpacker.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

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

void set_mtime(int dir, const std::string& name, int64_t mtime) {
  struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
  ::utimensat(dir, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

}  // namespace

struct Unpacker::Current {
  UnpackedPackage pkg;
  std::string label;
  size_t index = 0;
  std::vector<std::string> replaces;
  std::set<std::string> conffiles;        // tar paths ("etc/x")
  std::set<std::string> extracted;        // tar paths of this package's regular files, for hardlinks
  std::map<std::string, std::string> md5;  // tar path → md5, when the package ships no md5sums
  bool compute_md5 = false;
};

Unpacker::Unpacker(const std::filesystem::path& root, FileTable& table) : tree_(root), table_(table) {}

const UnpackedPackage& Unpacker::unpack(const std::filesystem::path& deb, const std::string& label) {
  Current c;
  c.label = label;
  c.index = packages_.size();
  bool control_done = false;
  read_deb(deb, label, [&](DebMember member, const TarEntry& e, EntryData& data) {
    try {
      if (member == DebMember::control) return control_entry(c, e, data);
      if (!control_done) {
        if (c.pkg.control.fields.empty()) throw Error("control.tar has no control file");
        control_done = true;
        c.compute_md5 = !c.pkg.info.count("md5sums");  // dpkg computes them when a package has none
        c.pkg.files.push_back("/.");
      }
      data_entry(c, e, data);
    } catch (const Error& err) {
      const std::string what = err.what();
      if (what.rfind(label, 0) == 0) throw;
      throw Error(label + ": " + (e.path.empty() ? std::string("/") : "/" + e.path) + ": " + what);
    }
  });
  if (c.compute_md5) {
    std::string sums;
    for (const auto& path : c.pkg.files) {
      auto it = c.md5.find(path.substr(1));
      if (it != c.md5.end() && !c.conffiles.count(it->first)) sums += it->second + "  " + it->first + "\n";
    }
    if (!sums.empty()) c.pkg.info["md5sums"] = sums;
  }
  packages_.push_back(std::move(c.pkg));
  return packages_.back();
}

void Unpacker::control_entry(Current& c, const TarEntry& e, EntryData& data) {
  if (e.type != EntryType::file) return;
  if (e.path == "control") {
    c.pkg.control = parse_control(data.read_all(kControlLimit), c.label);
    c.pkg.name = c.pkg.control.get("Package");
    c.pkg.version = c.pkg.control.get("Version");
    c.pkg.architecture = c.pkg.control.get("Architecture");
    c.pkg.multi_arch_same = c.pkg.control.get("Multi-Arch") == "same";
    c.replaces = c.pkg.control.names("Replaces");
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
  auto it = owner_.find(physical);
  if (it == owner_.end() || it->second == c.index) {
    owner_[physical] = c.index;
    return true;
  }
  UnpackedPackage& other = packages_[it->second];
  const auto& ours = c.replaces;
  if (std::find(ours.begin(), ours.end(), other.name) != ours.end()) {
    // We replace the other package: the file becomes ours, as dpkg records it.
    auto& list = other.files;
    list.erase(std::remove(list.begin(), list.end(), "/" + tar_path), list.end());
    it->second = c.index;
    return true;
  }
  auto theirs = other.control.names("Replaces");
  if (std::find(theirs.begin(), theirs.end(), c.pkg.name) != theirs.end()) return false;  // they keep it
  throw Error("trying to overwrite '/" + tar_path + "', which is also in package " + other.name + " " + other.version +
              " (and neither Replaces the other)");
}

void Unpacker::data_entry(Current& c, const TarEntry& e, EntryData& data) {
  if (e.path.empty()) {  // "./": the root itself
    if (!table_.find("")) table_.set("", meta_of(e, ""));
    return;
  }
  TreeWriter::Parent parent = tree_.parent_of(e.path);
  const int dir = parent.fd.get();
  const std::string& leaf = parent.leaf;
  const std::string physical = parent.physical();
  struct stat st;
  const bool exists = ::fstatat(dir, leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;

  if (e.type == EntryType::directory) {
    if (exists && S_ISDIR(st.st_mode)) {
      // dpkg leaves an existing directory as it is.
    } else if (exists && S_ISLNK(st.st_mode)) {
      // Keep directory symlinks (merged /usr), as long as they lead to a directory in the tree.
      tree_.parent_of(e.path + "/.", false);
    } else if (exists) {
      throw Error("a directory in the package, but a file in the tree");
    } else {
      if (::mkdirat(dir, leaf.c_str(), (e.mode | 0700) & 07777) != 0) throw Error("cannot create: " + errno_text(errno));
      set_mtime(dir, leaf, e.mtime);
      table_.set(physical, meta_of(e, c.pkg.name));
    }
    c.pkg.files.push_back("/" + e.path);
    return;
  }

  if (exists && S_ISDIR(st.st_mode)) throw Error("a file in the package, but a directory in the tree");
  if ((e.type == EntryType::char_device || e.type == EntryType::block_device) && e.path.rfind("dev/", 0) != 0)
    throw Error("a device node outside /dev");
  if (!claim(c, physical, e.path)) return;  // another package Replaces this one and keeps the file
  const bool conffile = e.type == EntryType::file && c.conffiles.count(e.path);
  const std::string name = conffile ? leaf + ".dpkg-new" : leaf;
  const std::string stored = conffile ? physical + ".dpkg-new" : physical;
  if (::unlinkat(dir, name.c_str(), 0) != 0 && errno != ENOENT) throw Error("cannot replace: " + errno_text(errno));

  switch (e.type) {
    case EntryType::file: {
      UniqueFd fd(::openat(dir, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
      if (!fd) throw Error("cannot create: " + errno_text(errno));
      Md5 md5;
      uint64_t written = 0;
      char buffer[1 << 16];
      while (size_t n = data.read(buffer, sizeof buffer)) {
        written += n;
        if (written > e.size) throw Error("member is larger than its header says");
        if (c.compute_md5) md5.update(buffer, n);
        for (size_t done = 0; done < n;) {
          ssize_t w = ::write(fd.get(), buffer + done, n - done);
          if (w < 0) {
            if (errno == EINTR) continue;
            throw Error("cannot write: " + errno_text(errno));
          }
          done += static_cast<size_t>(w);
        }
      }
      if (written != e.size) throw Error("truncated member: " + std::to_string(written) + " of " + std::to_string(e.size) + " bytes");
      if (::fchmod(fd.get(), (e.mode | 0600) & 07777) != 0) throw Error("cannot chmod: " + errno_text(errno));
      struct timespec times[2] = {{e.mtime, 0}, {e.mtime, 0}};
      ::futimens(fd.get(), times);
      if (c.compute_md5) c.md5[e.path] = md5.hex();
      c.extracted.insert(e.path);
      break;
    }
    case EntryType::symlink:
      if (::symlinkat(e.link.c_str(), dir, name.c_str()) != 0) throw Error("cannot create symlink: " + errno_text(errno));
      set_mtime(dir, name, e.mtime);
      break;
    case EntryType::hardlink: {
      if (!c.extracted.count(e.link))
        throw Error("hardlink to '/" + e.link + "', which this package has not extracted before it");
      TreeWriter::Parent target = tree_.parent_of(e.link, false);
      const std::string target_name = c.conffiles.count(e.link) ? target.leaf + ".dpkg-new" : target.leaf;
      if (::linkat(target.fd.get(), target_name.c_str(), dir, name.c_str(), 0) != 0)
        throw Error("cannot create hardlink: " + errno_text(errno));
      FileMeta m = meta_of(e, c.pkg.name);
      m.link = target.physical();
      if (const FileMeta* t = table_.find(target.physical())) {
        m.mode = t->mode;
        m.uid = t->uid;
        m.gid = t->gid;
      }
      table_.set(stored, m);
      c.extracted.insert(e.path);
      c.pkg.files.push_back("/" + e.path);
      return;
    }
    case EntryType::char_device:
    case EntryType::block_device: {
      // No mknod without privilege: an empty placeholder; the table knows what it is.
      UniqueFd fd(::openat(dir, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
      if (!fd) throw Error("cannot create device placeholder: " + errno_text(errno));
      break;
    }
    case EntryType::fifo:
      if (::mkfifoat(dir, name.c_str(), 0600) != 0) throw Error("cannot create fifo: " + errno_text(errno));
      break;
    case EntryType::directory:
      break;
  }
  table_.set(stored, meta_of(e, c.pkg.name));
  c.pkg.files.push_back("/" + e.path);
}

}  // namespace debimg
