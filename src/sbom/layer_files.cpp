#include "sbom/layer_files.h"

#include <archive.h>
#include <archive_entry.h>

#include "unpack/deb_reader.h"
#include "util/archive_handle.h"
#include "util/error.h"

namespace debimg {

namespace {

constexpr size_t kMaxStatusSize = 64 << 20;
constexpr size_t kMaxSmallFile = 4 << 20;

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// "usr/share/doc/NAME" (symlinks only) and "usr/share/doc/NAME/copyright".
bool doc_entry(const std::string& path, bool& is_copyright) {
  static const std::string doc = "usr/share/doc/";
  if (!starts_with(path, doc)) return false;
  const std::string rest = path.substr(doc.size());
  const size_t slash = rest.find('/');
  is_copyright = slash != std::string::npos && rest.substr(slash) == "/copyright";
  return !rest.empty() && (slash == std::string::npos || is_copyright);
}

// A whiteout removes the path and all below it from the layers before.
void remove_below(LayerFiles& files, const std::string& path) {
  files.erase(path);
  for (auto it = files.lower_bound(path + "/"); it != files.end() && starts_with(it->first, path + "/");) it = files.erase(it);
}

std::string read_entry(struct archive* a, size_t limit, const std::string& where) {
  std::string out;
  char buffer[1 << 16];
  for (la_ssize_t n; (n = archive_read_data(a, buffer, sizeof buffer)) != 0;) {
    if (n < 0) throw Error(where + ": " + archive_message(a));
    out.append(buffer, static_cast<size_t>(n));
    if (out.size() > limit) throw Error(where + ": larger than " + std::to_string(limit) + " bytes");
  }
  return out;
}

void read_layer(const std::filesystem::path& file, const std::string& where, LayerFiles& files) {
  ArchiveReader a(archive_read_new());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_zstd(a.get());
  if (archive_read_open_filename(a.get(), file.c_str(), 1 << 16) != ARCHIVE_OK)
    throw Error(where + ": " + archive_message(a.get()));
  LayerFiles added;
  struct archive_entry* e = nullptr;
  while (true) {
    const int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) throw Error(where + ": " + archive_message(a.get()));
    const char* raw = archive_entry_pathname(e);
    if (!raw) throw Error(where + ": an entry without a name");
    const std::string path = normalise_tar_path(raw, where);
    const size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash);
    const std::string base = path.substr(slash == std::string::npos ? 0 : slash + 1);
    // Whiteouts apply to the layers below, not to this one's own entries.
    if (base == ".wh..wh..opq") {
      if (dir.empty()) files.clear();
      else for (auto it = files.lower_bound(dir + "/"); it != files.end() && starts_with(it->first, dir + "/");) it = files.erase(it);
      continue;
    }
    if (starts_with(base, ".wh.")) {
      remove_below(files, (dir.empty() ? "" : dir + "/") + base.substr(4));
      continue;
    }
    const mode_t type = archive_entry_filetype(e);
    const bool link = type == AE_IFLNK && !archive_entry_hardlink(e);
    bool copyright = false;
    const std::string entry_where = where + ": " + path;
    if (path == "var/lib/dpkg/status" && type == AE_IFREG) {
      added[path] = {false, read_entry(a.get(), kMaxStatusSize, entry_where)};
    } else if ((path == "etc/os-release" || path == "usr/lib/os-release") && (type == AE_IFREG || link)) {
      added[path] = {link, link ? archive_entry_symlink(e) : read_entry(a.get(), kMaxSmallFile, entry_where)};
    } else if (doc_entry(path, copyright)) {
      if (copyright && type == AE_IFREG && archive_entry_size(e) <= static_cast<la_int64_t>(kMaxSmallFile))
        added[path] = {false, read_entry(a.get(), kMaxSmallFile, entry_where)};
      else if (!copyright && link && archive_entry_symlink(e))
        added[path] = {true, archive_entry_symlink(e)};
      else {  // something else (a folder for a symlink) now stands at a path kept so far
        added.erase(path);
        files.erase(path);
      }
    } else if (files.count(path) || added.count(path)) {
      added.erase(path);
      files.erase(path);
    }
  }
  for (auto& [path, f] : added) files[path] = std::move(f);
}

}  // namespace

LayerFiles read_layer_files(const std::vector<std::pair<std::string, std::filesystem::path>>& layers,
                            const std::string& what) {
  LayerFiles files;
  for (const auto& [digest, file] : layers) read_layer(file, what + ": layer " + digest, files);
  return files;
}

}  // namespace debimg
