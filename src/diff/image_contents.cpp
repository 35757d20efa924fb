#include "diff/image_contents.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <set>

#include "push/push_layout.h"
#include "sbom/dpkg_status.h"
#include "unpack/deb_reader.h"
#include "util/archive_handle.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"
#include "validate/identifiers.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

constexpr size_t kStatusLimit = 64 << 20;
constexpr const char* kStatus = "/var/lib/dpkg/status";
constexpr size_t kKeptChangelogLimit = 8 << 20;     // one changelog.Debian.gz (openssl's is 200 kB)
constexpr size_t kKeptChangelogsLimit = 256 << 20;  // all an image's: beyond, the rest are not kept

const char* type_name(unsigned filetype) {
  switch (filetype) {
    case AE_IFREG: return "file";
    case AE_IFDIR: return "dir";
    case AE_IFLNK: return "symlink";
    case AE_IFCHR: return "char";
    case AE_IFBLK: return "block";
    case AE_IFIFO: return "fifo";
    default: return "other";
  }
}

// Removes `path` and everything under it.
void remove_tree(std::map<std::string, ImageFile>& files, const std::string& path) {
  files.erase(path);
  const std::string prefix = path + "/";
  for (auto it = files.lower_bound(prefix); it != files.end() && it->first.rfind(prefix, 0) == 0;) it = files.erase(it);
}

// What the layers make so far, and what is kept of it beyond the tree.
struct LayeredTree {
  std::map<std::string, ImageFile> files;
  std::string status;                            // /var/lib/dpkg/status's content
  std::map<std::string, std::string> changelogs;  // see PlatformContents
  size_t changelog_bytes = 0;
  uint64_t uncompressed = 0;
};

// /usr/share/doc/NAME/changelog.Debian.gz, …/changelog.Debian.ARCH.gz, or (a native package's) …/changelog.gz.
bool is_changelog(const std::string& path) {
  const std::string doc = "/usr/share/doc/";
  if (path.rfind(doc, 0) != 0) return false;
  const size_t slash = path.find('/', doc.size());
  if (slash == std::string::npos || path.find('/', slash + 1) != std::string::npos) return false;
  const std::string file = path.substr(slash + 1);
  return file == "changelog.gz" ||
         (file.rfind("changelog.Debian.", 0) == 0 && file.size() > 20 && file.compare(file.size() - 3, 3, ".gz") == 0);
}

// A regular file's content: hashed and sized; the dpkg status and changelogs kept.
void read_content(struct archive* a, const std::string& what, const std::string& path, ImageFile& f,
                  LayeredTree& tree) {
  Sha256 hash;
  const bool status = path == kStatus;
  const bool changelog = is_changelog(path) && tree.changelog_bytes < kKeptChangelogsLimit;
  std::string kept;
  char buffer[1 << 16];
  for (la_ssize_t n; (n = archive_read_data(a, buffer, sizeof buffer)) != 0;) {
    if (n < 0) throw Error(what + ": " + path + ": " + archive_message(a));
    hash.update(buffer, static_cast<size_t>(n));
    f.size += static_cast<uint64_t>(n);
    if (status && f.size > kStatusLimit) throw Error(what + ": " + path + " is too large");
    if ((status || changelog) && f.size <= (status ? kStatusLimit : kKeptChangelogLimit))
      kept.append(buffer, static_cast<size_t>(n));
  }
  f.sha256 = hash.hex();
  if (status) tree.status = std::move(kept);
  tree.changelogs.erase(path);
  if (changelog && f.size <= kKeptChangelogLimit) {
    tree.changelog_bytes += kept.size();
    tree.changelogs[path] = std::move(kept);
  }
}

// One entry's facts (a hard link takes its target's).
ImageFile entry_file(struct archive* a, struct archive_entry* e, const std::string& what, const std::string& path,
                     LayeredTree& tree) {
  ImageFile f;
  f.mode = archive_entry_perm(e);
  f.uid = static_cast<uint32_t>(archive_entry_uid(e));
  f.gid = static_cast<uint32_t>(archive_entry_gid(e));
  if (const char* hard = archive_entry_hardlink(e)) {
    const std::string target = "/" + normalise_tar_path(hard, what);
    auto t = tree.files.find(target);
    if (t == tree.files.end()) throw Error(what + ": " + path + ": a hard link to " + target + ", which is not there");
    if (auto c = tree.changelogs.find(target); c != tree.changelogs.end() && is_changelog(path))
      tree.changelogs[path] = c->second;
    return t->second;
  }
  f.type = type_name(archive_entry_filetype(e));
  if (f.type == std::string("symlink")) f.link = archive_entry_symlink(e) ? archive_entry_symlink(e) : "";
  if (f.type == std::string("file")) read_content(a, what, path, f, tree);
  return f;
}

// A layer blob decompressed by a raw reader and handed on to the tar
// reader, counted: the tar's size is all the decompressed bytes, its padding
// after the end included (the tar reader stops before that).
struct CountedLayer {
  ArchiveReader raw{archive_read_new()};
  uint64_t bytes = 0;
  char buffer[1 << 16];
};

la_ssize_t counted_read(struct archive*, void* data, const void** out) {
  auto* c = static_cast<CountedLayer*>(data);
  const la_ssize_t got = archive_read_data(c->raw.get(), c->buffer, sizeof c->buffer);
  if (got > 0) c->bytes += static_cast<uint64_t>(got);
  *out = c->buffer;
  return got;
}

// The layer blob open as a tar, its decompressed bytes counted.
struct OpenLayer {
  std::unique_ptr<CountedLayer> counted = std::make_unique<CountedLayer>();
  ArchiveReader tar{archive_read_new()};
  // The tar reader's error, else the decompressor's.
  std::string error() {
    return archive_error_string(tar.get()) ? archive_message(tar.get()) : archive_message(counted->raw.get());
  }
};

std::unique_ptr<OpenLayer> open_layer(const fs::path& blob, const std::string& what) {
  auto layer = std::make_unique<OpenLayer>();
  struct archive* raw = layer->counted->raw.get();
  archive_read_support_filter_all(raw);
  archive_read_support_format_raw(raw);
  struct archive_entry* e = nullptr;
  if (archive_read_open_filename(raw, blob.c_str(), 1 << 16) != ARCHIVE_OK || archive_read_next_header(raw, &e) != ARCHIVE_OK)
    throw Error(what + ": not a layer: " + archive_message(raw));
  archive_read_support_format_tar(layer->tar.get());
  archive_read_support_format_gnutar(layer->tar.get());
  if (archive_read_open(layer->tar.get(), layer->counted.get(), nullptr, counted_read, nullptr) != ARCHIVE_OK)
    throw Error(what + ": not a tar layer: " + layer->error());
  return layer;
}

// One layer over the tree, as an OCI runtime applies it: entries replace,
// .wh.NAME removes NAME, .wh..wh..opq empties its folder of lower entries.
void apply_layer(const fs::path& blob, const std::string& what, LayeredTree& tree) {
  const std::unique_ptr<OpenLayer> layer_stream = open_layer(blob, what);
  struct archive* a = layer_stream->tar.get();
  struct archive_entry* e = nullptr;
  auto& files = tree.files;
  std::set<std::string> layer;  // this layer's own entries: whiteouts act on lower ones only
  while (true) {
    const int rc = archive_read_next_header(a, &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) throw Error(what + ": " + layer_stream->error());
    const char* raw = archive_entry_pathname(e);
    const std::string rel = normalise_tar_path(raw ? raw : "", what);
    const std::string path = "/" + rel;
    const std::string base = path.substr(path.rfind('/') + 1), parent = path.substr(0, path.rfind('/'));
    if (base == ".wh..wh..opq") {
      const std::string prefix = parent + "/";
      for (auto it = files.lower_bound(prefix); it != files.end() && it->first.rfind(prefix, 0) == 0;)
        it = layer.count(it->first) ? std::next(it) : files.erase(it);
      continue;
    }
    if (base.rfind(".wh.", 0) == 0) {
      remove_tree(files, (parent.empty() ? "" : parent) + "/" + base.substr(4));
      continue;
    }
    if (rel.empty()) continue;  // the root itself
    const ImageFile f = entry_file(a, e, what, path, tree);
    if (f.type != "dir") remove_tree(files, path);  // a file over a folder replaces the folder
    files[path] = f;
    layer.insert(path);
  }
  const void* rest;
  la_ssize_t n;
  while ((n = counted_read(nullptr, layer_stream->counted.get(), &rest)) > 0) {
  }
  if (n < 0) throw Error(what + ": after the tar's end: " + archive_message(layer_stream->counted->raw.get()));
  tree.uncompressed += layer_stream->counted->bytes;
}

// The installed packages of an image's dpkg status, as the SBOM reads them.
// `sources`: each package's source package, where the status names one ("Source: util-linux (2.38.1-5)").
std::vector<ResolvedPackage> installed(const std::string& status, const std::string& what,
                                       std::map<std::string, std::string>& sources) {
  std::vector<ResolvedPackage> out;
  for (const ControlFile& c : installed_packages(status, what)) {
    ResolvedPackage p;
    p.name = c.get("Package");
    p.version = c.get("Version");
    p.architecture = c.get("Architecture");
    require_package_name(p.name, what + ": Package");
    require_version(p.version, what + ": " + p.name + ": Version");
    require_architecture(p.architecture, what + ": " + p.name + ": Architecture");
    if (const std::string source = c.get("Source"); !source.empty()) {
      sources[p.name] = source.substr(0, source.find(' '));
      require_package_name(sources[p.name], what + ": " + p.name + ": Source");
    }
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const ResolvedPackage& a, const ResolvedPackage& b) { return a.name < b.name; });
  return out;
}

}  // namespace

bool is_image(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return true;
  std::ifstream in(path, std::ios::binary);
  char head[14] = {};
  in.read(head, sizeof head);
  return std::string(head, static_cast<size_t>(in.gcount())) != "Lock-Version: " && in.gcount() > 0;
}

std::vector<PlatformContents> read_image_contents(const fs::path& image, const fs::path& scratch) {
  std::optional<TempDir> unpacked;
  fs::path layout = image;
  if (!fs::is_directory(image)) {
    unpacked.emplace(scratch, "diff-");
    extract_layout(image, unpacked->path());
    layout = unpacked->path();
  }
  const PushPlan plan = read_push_plan(layout, image.string());
  std::map<std::string, fs::path> blobs;
  for (const auto& b : plan.blobs) blobs[b.digest] = b.file;
  std::vector<PlatformContents> out;
  for (const auto& m : plan.manifests) {
    PlatformContents c;
    c.platform = m.platform;
    const nlohmann::json manifest = nlohmann::json::parse(m.text);  // read_push_plan parsed and checked it
    LayeredTree tree;
    for (const auto& l : manifest.at("layers")) {
      const std::string digest = l.at("digest");
      apply_layer(blobs.at(digest), image.string() + ": layer " + digest, tree);
      c.compressed_size += l.at("size").get<uint64_t>();
    }
    c.uncompressed_size = tree.uncompressed;
    c.files = std::move(tree.files);
    for (auto& [path, gz] : tree.changelogs)  // as the last layer left them
      if (auto f = c.files.find(path); f != c.files.end() && f->second.type == "file") c.changelogs[path] = std::move(gz);
    if (c.platform.empty()) {
      const nlohmann::json config = nlohmann::json::parse(read_file(blobs.at(manifest.at("config").at("digest"))));
      c.platform = config.value("os", "?") + "/" + config.value("architecture", "?") +
                   (config.contains("variant") ? "/" + config.value("variant", "") : "");
    }
    if (!tree.status.empty()) c.packages = installed(tree.status, image.string() + ": " + kStatus, c.sources);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace debimg
