#include "diff/image_contents.h"

#include <nlohmann/json.hpp>

#include <fstream>

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

// One layer over `files`, as an OCI runtime applies it: entries replace,
// .wh.NAME removes NAME, .wh..wh..opq empties its folder of lower entries.
void apply_layer(const fs::path& blob, const std::string& what, std::map<std::string, ImageFile>& files,
                 std::string& status) {
  ArchiveReader a(archive_read_new());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_filter_all(a.get());
  if (archive_read_open_filename(a.get(), blob.c_str(), 1 << 16) != ARCHIVE_OK)
    throw Error(what + ": not a tar layer: " + archive_message(a.get()));
  std::map<std::string, ImageFile> layer;  // this layer's own entries: whiteouts act on lower ones only
  struct archive_entry* e = nullptr;
  char buffer[1 << 16];
  while (true) {
    const int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) throw Error(what + ": " + archive_message(a.get()));
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
    ImageFile f;
    f.mode = archive_entry_perm(e);
    f.uid = static_cast<uint32_t>(archive_entry_uid(e));
    f.gid = static_cast<uint32_t>(archive_entry_gid(e));
    if (const char* hard = archive_entry_hardlink(e)) {
      const std::string target = "/" + normalise_tar_path(hard, what);
      auto t = files.find(target);
      if (t == files.end()) throw Error(what + ": " + path + ": a hard link to " + target + ", which is not there");
      f = t->second;
    } else {
      f.type = type_name(archive_entry_filetype(e));
      if (f.type == std::string("symlink")) f.link = archive_entry_symlink(e) ? archive_entry_symlink(e) : "";
      if (f.type == std::string("file")) {
        Sha256 hash;
        const bool keep = path == kStatus;
        if (keep) status.clear();
        for (la_ssize_t n; (n = archive_read_data(a.get(), buffer, sizeof buffer)) != 0;) {
          if (n < 0) throw Error(what + ": " + path + ": " + archive_message(a.get()));
          hash.update(buffer, static_cast<size_t>(n));
          f.size += static_cast<uint64_t>(n);
          if (keep) {
            if (status.size() + static_cast<size_t>(n) > kStatusLimit) throw Error(what + ": " + path + " is too large");
            status.append(buffer, static_cast<size_t>(n));
          }
        }
        f.sha256 = hash.hex();
      }
    }
    if (f.type != "dir") remove_tree(files, path);  // a file over a folder replaces the folder
    files[path] = f;
    layer[path] = f;
  }
}

// The installed packages of an image's dpkg status, as the SBOM reads them.
std::vector<ResolvedPackage> installed(const std::string& status, const std::string& what) {
  std::vector<ResolvedPackage> out;
  for (const ControlFile& c : installed_packages(status, what)) {
    ResolvedPackage p;
    p.name = c.get("Package");
    p.version = c.get("Version");
    p.architecture = c.get("Architecture");
    require_package_name(p.name, what + ": Package");
    require_version(p.version, what + ": " + p.name + ": Version");
    require_architecture(p.architecture, what + ": " + p.name + ": Architecture");
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
    std::string status;
    for (const auto& l : manifest.at("layers")) {
      const std::string digest = l.at("digest");
      apply_layer(blobs.at(digest), image.string() + ": layer " + digest, c.files, status);
    }
    if (c.platform.empty()) {
      const nlohmann::json config = nlohmann::json::parse(read_file(blobs.at(manifest.at("config").at("digest"))));
      c.platform = config.value("os", "?") + "/" + config.value("architecture", "?") +
                   (config.contains("variant") ? "/" + config.value("variant", "") : "");
    }
    if (!status.empty()) c.packages = installed(status, image.string() + ": " + kStatus);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace debimg
