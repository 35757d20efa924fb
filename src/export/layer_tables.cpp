#include "export/layer_tables.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>

#include "unpack/file_table.h"
#include "export/layer_writer.h"
#include "util/error.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

const std::string kPending = ".dpkg-new";

std::string parent_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

bool is_regular(EntryType t) { return t == EntryType::file || t == EntryType::hardlink; }

// Adds every directory above `path` (but not the root) from `from`.
void add_parents(const std::string& path, const FileTable& from, FileTable& to, int64_t dir_mtime, bool keep_mtime) {
  for (std::string p = parent_of(path); !p.empty() && !to.find(p); p = parent_of(p)) {
    FileMeta dir;
    dir.type = EntryType::directory;
    dir.mode = 0755;
    if (const FileMeta* m = from.find(p)) dir = *m;
    if (!keep_mtime) dir.mtime = dir_mtime;
    to.set(p, dir);
  }
}

// A hardlink whose target is not in this layer: the first one becomes the
// file (its content is the same inode's), later ones link to it.
void resolve_hardlinks(LayerTable& layer) {
  std::map<std::string, std::string> moved;  // missing target → the entry now holding the data
  for (const std::string& path : tar_order(layer.table)) {
    FileMeta m = *layer.table.find(path);
    if (m.type != EntryType::hardlink) continue;
    const FileMeta* target = layer.table.find(m.link);
    if (target && target->type == EntryType::file) continue;
    if (auto it = moved.find(m.link); it != moved.end()) {
      m.link = it->second;
    } else {
      moved[m.link] = path;
      m.type = EntryType::file;
      m.link.clear();
    }
    layer.table.set(path, m);
  }
}

bool same_entry(const FileMeta& a, const FileMeta& b, int64_t epoch) {
  if (is_regular(a.type) != is_regular(b.type)) return false;
  if (!is_regular(a.type) && a.type != b.type) return false;
  return a.mode == b.mode && a.uid == b.uid && a.gid == b.gid && std::min(a.mtime, epoch) == std::min(b.mtime, epoch) &&
         (a.type != EntryType::symlink || a.link == b.link) && a.rdev_major == b.rdev_major &&
         a.rdev_minor == b.rdev_minor && a.xattrs == b.xattrs;
}

std::optional<FileIdentity> identity_of(int root_fd, const std::string& path) {
  const std::optional<struct stat> st = stat_in_tree(root_fd, path);
  if (!st || !S_ISREG(st->st_mode)) return std::nullopt;
  return FileIdentity{st->st_ino, static_cast<uint64_t>(st->st_size),
                      static_cast<int64_t>(st->st_mtim.tv_sec) * 1000000000 + st->st_mtim.tv_nsec};
}

}  // namespace

TarOptions LayerTable::tar_options(int64_t source_date_epoch) const {
  TarOptions options = layer_tar_options(source_date_epoch);
  if (!content.empty())
    options.content_path = [this](const std::string& path) {
      auto it = content.find(path);
      return it == content.end() ? path : it->second;
    };
  return options;
}

LayerTable package_layer_table(const FileTable& unpacked, const std::set<std::string>& packages, int64_t epoch) {
  LayerTable out;
  for (const auto& [path, meta] : unpacked.entries()) {
    if (path.empty() || meta.package.empty() || !packages.count(meta.package)) continue;
    FileMeta m = meta;
    std::string name = path;
    // A conffile waits as NAME.dpkg-new until dpkg configures it; the layer
    // holds it under the name dpkg gives it.
    if (is_regular(m.type) && name.size() > kPending.size() && name.ends_with(kPending)) {
      name.resize(name.size() - kPending.size());
      if (m.type == EntryType::file) out.content[name] = path;
    }
    if (m.type == EntryType::hardlink && m.link.ends_with(kPending)) m.link.resize(m.link.size() - kPending.size());
    if (m.type == EntryType::directory || m.type == EntryType::symlink) m.mtime = epoch;
    out.table.set(name, m);
  }
  const FileTable entries = out.table;  // (add_parents adds to out.table)
  for (const auto& [path, meta] : entries.entries()) add_parents(path, unpacked, out.table, epoch, false);
  resolve_hardlinks(out);
  return out;
}

void snapshot_files(int root_fd, const LayerTable& layer, TreeSnapshot& out) {
  for (const auto& [path, meta] : layer.table.entries()) {
    if (!is_regular(meta.type)) continue;
    auto it = layer.content.find(path);
    const std::string& source = it == layer.content.end() ? path : it->second;
    if (auto id = identity_of(root_fd, source)) out[path] = *id;
  }
}

LayerTable changes_layer_table(int root_fd, const FileTable& lower, const TreeSnapshot& snapshot,
                               const FileTable& final, int64_t epoch) {
  LayerTable out;
  for (const auto& [path, meta] : final.entries()) {
    if (path.empty()) continue;
    if (const FileMeta* before = lower.find(path); before && same_entry(*before, meta, epoch)) {
      if (!is_regular(meta.type)) continue;
      auto it = snapshot.find(path);
      if (it != snapshot.end() && identity_of(root_fd, path) == it->second) continue;
    }
    out.table.set(path, meta);
  }
  for (const auto& [path, meta] : lower.entries()) {
    if (final.find(path)) continue;
    const std::string parent = parent_of(path);
    const FileMeta* p = final.find(parent);
    if (!p || p->type != EntryType::directory) continue;  // gone with its directory: that one's whiteout covers it
    const size_t slash = path.rfind('/');
    const std::string whiteout = (parent.empty() ? "" : parent + "/") + ".wh." + path.substr(slash == std::string::npos ? 0 : slash + 1);
    FileMeta w;
    w.mtime = epoch;
    out.table.set(whiteout, w);
    out.content[whiteout] = "";
  }
  const FileTable entries = out.table;  // (add_parents adds to out.table)
  for (const auto& [path, meta] : entries.entries()) add_parents(path, final, out.table, epoch, true);
  resolve_hardlinks(out);
  return out;
}

}  // namespace debimg
