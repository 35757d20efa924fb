#include "compose/output_guard.h"

#include <sys/stat.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "util/archive_handle.h"
#include "util/error.h"
#include "util/files.h"
#include "validate/identifiers.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

// The top-level entries of an OCI layout as debimg writes it (export/oci_layout.h),
// and what docker-archive adds (export/docker_archive.h).
const std::set<std::string> kLayoutEntries{"oci-layout", "index.json", "blobs"};
const std::set<std::string> kDockerEntries{"manifest.json", "repositories"};
constexpr size_t kMaxArchiveEntries = 100000;
constexpr const char* kMarkerHeader = "debimg dir output\n";

fs::path marker_path(const fs::path& output) {
  const fs::path abs = fs::absolute(output);
  return abs.parent_path() / ("." + abs.filename().string() + ".debimg");
}

std::string identity(const struct stat& st) { return std::to_string(st.st_dev) + " " + std::to_string(st.st_ino); }

bool is_regular(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(p, ec));
}

// Why the folder `dir` is not an OCI layout of debimg's; "" when it is.
std::string layout_problem(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (!kLayoutEntries.count(e.path().filename().string()))
      return "it holds " + quoted_value(e.path().filename().string());
  if (!is_regular(dir / "oci-layout") || !is_regular(dir / "index.json")) return "it has no oci-layout and index.json";
  if (fs::file_size(dir / "oci-layout") > 4096 || read_file(dir / "oci-layout").find("imageLayoutVersion") == std::string::npos)
    return "its oci-layout file is not an OCI layout's";
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir / "blobs", ec))) return "";
  if (!fs::is_directory(fs::symlink_status(dir / "blobs", ec))) return "its blobs is not a folder";
  for (const auto& e : fs::directory_iterator(dir / "blobs"))
    if (e.path().filename() != "sha256" || !fs::is_directory(e.symlink_status()))
      return "it holds " + quoted_value("blobs/" + e.path().filename().string());
  for (const auto& e : fs::directory_iterator(dir / "blobs/sha256", ec))
    if (!is_sha256(e.path().filename().string()) || !fs::is_regular_file(e.symlink_status()))
      return "it holds " + quoted_value("blobs/sha256/" + e.path().filename().string());
  return "";
}

std::string dir_output_problem(const fs::path& output, const struct stat& st) {
  const fs::path marker = marker_path(output);
  if (!is_regular(marker)) return "it has no debimg marker " + marker.string() + " beside it";
  if (fs::file_size(marker) > 256 || read_file(marker) != kMarkerHeader + identity(st) + "\n")
    return "the marker " + marker.string() + " names another folder";
  return "";
}

// The entry names of an uncompressed tar (a trailing "/" dropped), at most
// `limit`; nullopt when `file` is no such tar.
std::optional<std::vector<std::string>> tar_names(const fs::path& file, size_t limit) {
  ArchiveReader a(archive_read_new());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), file.c_str(), 1 << 16) != ARCHIVE_OK) return std::nullopt;
  std::vector<std::string> names;
  struct archive_entry* entry = nullptr;
  while (names.size() < limit) {
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK) return std::nullopt;
    const char* name = archive_entry_pathname(entry);
    std::string n = name ? name : "";
    while (n.size() > 1 && n.back() == '/') n.pop_back();
    names.push_back(n);
  }
  return names;
}

// Why the tar `file` is not an oci-archive (docker: a docker-archive) of debimg's; "" when it is.
std::string layout_archive_problem(const fs::path& file, bool docker) {
  const auto names = tar_names(file, kMaxArchiveEntries);
  if (!names || names->empty()) return "it is not a tar";
  std::set<std::string> top;
  for (const auto& n : *names) {
    const bool blob = n.rfind("blobs/sha256/", 0) == 0 && is_sha256(n.substr(13));
    if (!blob && n != "blobs" && n != "blobs/sha256" && !kLayoutEntries.count(n) && !(docker && kDockerEntries.count(n)))
      return "it holds " + quoted_value(n);
    top.insert(n);
  }
  if (!top.count("oci-layout") || !top.count("index.json") || (docker && !top.count("manifest.json")))
    return docker ? "it has no oci-layout, index.json and manifest.json" : "it has no oci-layout and index.json";
  return "";
}

std::string rootfs_tar_problem(const fs::path& file) {
  const auto names = tar_names(file, 1);
  if (!names || names->empty()) return "it is not a tar";
  if (names->front() != "." && names->front() != "./") return "its first entry is " + quoted_value(names->front()) + ", not ./";
  return "";
}

// A docker-archive's side files (OUT.load.sh, OUT.FORMAT.json SBOMs): missing,
// or debimg's by what it writes into them; else why not.
std::string docker_side_files_problem(const fs::path& output) {
  const std::vector<std::pair<std::string, std::string>> sides{
      {".load.sh", "# Written by debimg:"}, {".spdx.json", "debimg"}, {".cyclonedx.json", "debimg"}};
  for (const auto& [suffix, mark] : sides) {
    const fs::path side = output.string() + suffix;
    struct stat st{};
    if (::lstat(side.c_str(), &st) != 0) continue;
    if (!S_ISREG(st.st_mode) || st.st_size > (64 << 20) || read_file(side).find(mark) == std::string::npos)
      return "a docker-archive path whose side file " + side.string() + " is not one debimg wrote";
  }
  return "";
}

// Why the existing `output` (lstat `st`) is not a `format` output of debimg's; "" when it may be replaced.
std::string replace_problem(const fs::path& output, const struct stat& st, OutputFormat format) {
  const std::string writes = "--format " + to_string(format) + " writes a " + (is_file_output(format) ? "file" : "folder");
  if (S_ISLNK(st.st_mode)) return "a symlink, and " + writes + " in its place";
  if (is_file_output(format)) {
    if (S_ISDIR(st.st_mode)) return "a folder, and " + writes;
    if (!S_ISREG(st.st_mode)) return "not a regular file, and " + writes;
    if (st.st_size == 0) return "";
  } else {
    if (!S_ISDIR(st.st_mode)) return std::string(S_ISREG(st.st_mode) ? "a regular file" : "not a folder") + ", and " + writes;
    if (fs::is_empty(output)) return "";
  }
  std::string why;
  switch (format) {
    case OutputFormat::oci: why = layout_problem(output); break;
    case OutputFormat::dir: why = dir_output_problem(output, st); break;
    case OutputFormat::oci_archive: why = layout_archive_problem(output, false); break;
    case OutputFormat::docker_archive: why = layout_archive_problem(output, true); break;
    case OutputFormat::rootfs_tar: why = rootfs_tar_problem(output); break;
  }
  if (why.empty()) return "";
  return std::string(is_file_output(format) ? "a file" : "a folder") + " that is no " + to_string(format) +
         " output of debimg's (" + why + ")";
}

}  // namespace

void check_output_target(const fs::path& output, OutputFormat format, bool force) {
  const fs::path abs = fs::absolute(output);
  std::error_code ec;
  if (!fs::is_directory(abs.parent_path(), ec))
    throw Error("-o " + output.string() + ": its folder " + abs.parent_path().string() + " does not exist");
  if (force) return;
  std::string problem;
  try {
    struct stat st{};
    if (::lstat(abs.c_str(), &st) == 0)
      problem = replace_problem(abs, st, format);
    else if (errno != ENOENT)
      throw Error("-o " + output.string() + ": cannot inspect it: " + errno_text(errno));
    if (problem.empty() && format == OutputFormat::docker_archive) problem = docker_side_files_problem(abs);
  } catch (const fs::filesystem_error& e) {
    problem = "unreadable: " + errno_text(e.code().value());
  }
  if (!problem.empty())
    throw Error("-o " + output.string() + " is " + problem +
                "; debimg replaces only its own outputs: choose another path, or pass --force to replace it");
}

void mark_dir_output(const fs::path& output, const fs::path& staged) {
  struct stat st{};
  if (::stat(staged.c_str(), &st) != 0) throw Error("cannot inspect " + staged.string() + ": " + errno_text(errno));
  write_file_atomic(marker_path(output), kMarkerHeader + identity(st) + "\n");
}

}  // namespace debimg
