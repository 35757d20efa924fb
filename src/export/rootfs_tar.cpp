#include "export/rootfs_tar.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "unpack/file_table.h"
#include "export/capabilities.h"
#include "util/archive_handle.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

mode_t type_bits(EntryType t) {
  switch (t) {
    case EntryType::directory: return AE_IFDIR;
    case EntryType::symlink: return AE_IFLNK;
    case EntryType::char_device: return AE_IFCHR;
    case EntryType::block_device: return AE_IFBLK;
    case EntryType::fifo: return AE_IFIFO;
    case EntryType::file:
    case EntryType::hardlink: return AE_IFREG;
  }
  return AE_IFREG;
}

la_ssize_t sink_write(struct archive*, void* data, const void* buffer, size_t size) {
  (*static_cast<const TarSink*>(data))(buffer, size);
  return static_cast<la_ssize_t>(size);
}

}  // namespace

void write_rootfs_tar(int root_fd, const FileTable& table, int out_fd, const TarOptions& options) {
  write_tree_tar(root_fd, table, options, [&](const void* data, size_t size) { write_all(out_fd, data, size, "the tar"); });
}

void write_tree_tar(int root_fd, const FileTable& table, const TarOptions& options, const TarSink& sink) {
  ArchiveWriter a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  archive_write_set_bytes_per_block(a.get(), 10240);
  if (archive_write_open(a.get(), const_cast<TarSink*>(&sink), nullptr, sink_write, nullptr) != ARCHIVE_OK)
    throw Error("cannot write the tar: " + archive_message(a.get()));
  ArchiveEntry e(archive_entry_new());
  std::string buffer(1 << 16, '\0');
  for (const std::string& path : tar_order(table)) {
    if (path.empty() && !options.include_root) continue;
    const FileMeta& m = *table.find(path);
    archive_entry_clear(e.get());
    archive_entry_set_pathname(e.get(), (path.empty() ? std::string("./") : options.prefix + path).c_str());
    archive_entry_set_uid(e.get(), m.uid);
    archive_entry_set_gid(e.get(), m.gid);
    archive_entry_set_mtime(e.get(), options.clamp_mtime ? std::min(m.mtime, *options.clamp_mtime) : m.mtime, 0);
    archive_entry_set_filetype(e.get(), type_bits(m.type));
    archive_entry_set_perm(e.get(), m.mode & 07777);
    for (const auto& [name, value] : m.xattrs) {
      const std::string v = name == "security.capability" ? capability_v2(value) : value;
      archive_entry_xattr_add_entry(e.get(), name.c_str(), v.data(), v.size());
    }
    UniqueFd file;
    if (m.type == EntryType::symlink) {
      archive_entry_set_symlink(e.get(), m.link.c_str());
    } else if (m.type == EntryType::hardlink) {
      archive_entry_set_hardlink(e.get(), (options.prefix + m.link).c_str());
      archive_entry_set_size(e.get(), 0);
    } else if (m.type == EntryType::char_device || m.type == EntryType::block_device) {
      archive_entry_set_rdevmajor(e.get(), m.rdev_major);
      archive_entry_set_rdevminor(e.get(), m.rdev_minor);
    } else if (m.type == EntryType::file) {
      const std::string source = options.content_path ? options.content_path(path) : path;
      archive_entry_set_size(e.get(), 0);
      if (!source.empty()) {
        file = open_in_tree(root_fd, source, O_RDONLY | O_NOFOLLOW);
        struct stat st;
        if (!file || ::fstat(file.get(), &st) != 0)
          throw Error("cannot read /" + source + " for the tar: " + errno_text(errno));
        archive_entry_set_size(e.get(), st.st_size);
      }
    }
    if (archive_write_header(a.get(), e.get()) < ARCHIVE_WARN)
      throw Error("cannot write /" + path + " to the tar: " + archive_message(a.get()));
    if (file) {
      while (true) {
        ssize_t n = ::read(file.get(), buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error("cannot read /" + path + ": " + errno_text(errno));
        if (n == 0) break;
        if (archive_write_data(a.get(), buffer.data(), static_cast<size_t>(n)) < 0)
          throw Error("cannot write /" + path + " to the tar: " + archive_message(a.get()));
      }
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) throw Error("cannot finish the tar: " + archive_message(a.get()));
}

}  // namespace debimg
