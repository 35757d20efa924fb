#include "unpack/deb_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <functional>
#include <memory>

#include "unpack/entry_checks.h"
#include "util/archive_handle.h"
#include "util/error.h"

namespace debimg {

namespace {

using Reader = ArchiveReader;

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The inner tar reads the outer ar member's bytes through this callback.
struct Nested {
  struct archive* outer;
  char buffer[1 << 16];
};

la_ssize_t nested_read(struct archive*, void* data, const void** out) {
  auto* n = static_cast<Nested*>(data);
  la_ssize_t got = archive_read_data(n->outer, n->buffer, sizeof n->buffer);
  *out = n->buffer;
  return got;
}

TarEntry to_entry(struct archive_entry* e, const std::string& what) {
  TarEntry t;
  const char* name = archive_entry_pathname(e);
  if (!name) throw Error(what + ": an entry without a name");
  t.path = normalise_tar_path(name, what);
  const char* hardlink = archive_entry_hardlink(e);
  mode_t type = archive_entry_filetype(e);
  if (hardlink) {
    t.type = EntryType::hardlink;
    t.link = normalise_tar_path(hardlink, what + ": hardlink " + t.path);
  } else if (type == AE_IFREG) {
    t.type = EntryType::file;
  } else if (type == AE_IFDIR) {
    t.type = EntryType::directory;
  } else if (type == AE_IFLNK) {
    t.type = EntryType::symlink;
    const char* target = archive_entry_symlink(e);
    if (!target || !*target) throw Error(what + ": symlink " + t.path + " has no target");
    t.link = target;
  } else if (type == AE_IFCHR) {
    t.type = EntryType::char_device;
  } else if (type == AE_IFBLK) {
    t.type = EntryType::block_device;
  } else if (type == AE_IFIFO) {
    t.type = EntryType::fifo;
  } else {
    throw Error(what + ": " + t.path + " has an unsupported file type");
  }
  t.mode = archive_entry_perm(e) & 07777;
  t.uid = static_cast<uint32_t>(archive_entry_uid(e));
  t.gid = static_cast<uint32_t>(archive_entry_gid(e));
  if (const char* u = archive_entry_uname(e)) t.uname = u;
  if (const char* g = archive_entry_gname(e)) t.gname = g;
  t.size = archive_entry_size_is_set(e) ? static_cast<uint64_t>(archive_entry_size(e)) : 0;
  t.mtime = archive_entry_mtime(e);
  t.rdev_major = static_cast<uint32_t>(archive_entry_rdevmajor(e));
  t.rdev_minor = static_cast<uint32_t>(archive_entry_rdevminor(e));
  archive_entry_xattr_reset(e);
  const char* xname;
  const void* xvalue;
  size_t xsize;
  while (archive_entry_xattr_next(e, &xname, &xvalue, &xsize) == ARCHIVE_OK)
    t.xattrs.emplace_back(xname, std::string(static_cast<const char*>(xvalue), xsize));
  return t;
}

// Between decompressing and tar parsing: hands the decompressed bytes on to
// the tar reader and to the tap.
struct Tapped {
  struct archive* raw;
  const std::function<void(const void*, size_t)>* tap;
  char buffer[1 << 16];
};

la_ssize_t tapped_read(struct archive*, void* data, const void** out) {
  auto* t = static_cast<Tapped*>(data);
  la_ssize_t got = archive_read_data(t->raw, t->buffer, sizeof t->buffer);
  if (got > 0) (*t->tap)(t->buffer, static_cast<size_t>(got));
  *out = t->buffer;
  return got;
}

Reader tar_reader() {
  Reader r(archive_read_new());
  archive_read_support_filter_all(r.get());
  archive_read_support_format_tar(r.get());
  archive_read_support_format_gnutar(r.get());
  return r;
}

// Every entry of the open tar reader `inner`, to `visit`.
void visit_entries(struct archive* inner, DebMember member, const std::string& what, const std::string& which,
                   const std::function<std::string()>& reason, const DebVisitor& visit) {
  struct archive_entry* e = nullptr;
  while (true) {
    int rc = archive_read_next_header(inner, &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) throw Error(what + ": " + which + " is truncated or corrupt: " + reason());
    TarEntry entry = to_entry(e, what);
    EntryData data(inner);
    visit(member, entry, data);
    // Drain what the visitor left, so truncation is noticed here too.
    char sink[1 << 14];
    while (data.read(sink, sizeof sink) > 0) {
    }
  }
}

void read_tar_member(struct archive* outer, DebMember member, const std::string& what, const DebVisitor& visit,
                     const std::function<void(const void*, size_t)>& tap) {
  Reader inner = tar_reader();
  auto nested = std::make_unique<Nested>();
  nested->outer = outer;
  const std::string which = member == DebMember::control ? "control.tar" : "data.tar";
  // With a tap, a raw reader decompresses and the tar reader parses what it passes on.
  Reader raw;
  std::unique_ptr<Tapped> tapped;
  // A failure inside the ar member shows in the outer reader's error.
  auto reason = [&] {
    if (archive_error_string(inner.get())) return archive_message(inner.get());
    if (raw && archive_error_string(raw.get())) return archive_message(raw.get());
    return archive_message(outer);
  };
  if (tap) {
    raw.reset(archive_read_new());
    archive_read_support_filter_all(raw.get());
    archive_read_support_format_raw(raw.get());
    struct archive_entry* e = nullptr;
    if (archive_read_open(raw.get(), nested.get(), nullptr, nested_read, nullptr) != ARCHIVE_OK ||
        archive_read_next_header(raw.get(), &e) != ARCHIVE_OK)
      throw Error(what + ": " + which + " is truncated or corrupt: " + reason());
    tapped = std::make_unique<Tapped>();
    tapped->raw = raw.get();
    tapped->tap = &tap;
  }
  if ((tap ? archive_read_open(inner.get(), tapped.get(), nullptr, tapped_read, nullptr)
           : archive_read_open(inner.get(), nested.get(), nullptr, nested_read, nullptr)) != ARCHIVE_OK)
    throw Error(what + ": " + which + " is truncated or corrupt: " + reason());
  visit_entries(inner.get(), member, what, which, reason, visit);
  if (tap) {  // the tar's padding after its end, so the tap holds all of it
    const void* ignored;
    while (tapped_read(nullptr, tapped.get(), &ignored) > 0) {
    }
  }
}

void read_tar_file(const std::filesystem::path& path, const std::string& what, const DebVisitor& visit) {
  Reader inner = tar_reader();
  auto reason = [&] { return archive_message(inner.get()); };
  if (archive_read_open_filename(inner.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    throw Error(what + ": cannot open " + path.string() + ": " + reason());
  visit_entries(inner.get(), DebMember::data, what, path.string(), reason, visit);
}

}  // namespace

std::string normalise_tar_path(const std::string& raw, const std::string& what) {
  try {
    check_entry_name(raw);  // before anything prints it
  } catch (const Error& e) {
    throw Error(what + ": " + e.what());
  }
  if (!raw.empty() && raw[0] == '/') throw Error(what + ": entry '" + raw + "' has an absolute path");
  std::string out;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('/', start);
    if (end == std::string::npos) end = raw.size();
    std::string part = raw.substr(start, end - start);
    if (part == "..") throw Error(what + ": entry '" + raw + "' has a '..' component");
    if (!part.empty() && part != ".") out += (out.empty() ? "" : "/") + part;
    start = end + 1;
  }
  return out;
}

size_t EntryData::read(void* buffer, size_t size) {
  la_ssize_t n = archive_read_data(a_, buffer, size);
  if (n < 0) throw Error("truncated or corrupt data: " + archive_message(a_));
  return static_cast<size_t>(n);
}

std::string EntryData::read_all(size_t limit) {
  std::string out;
  char buffer[1 << 14];
  while (size_t n = read(buffer, sizeof buffer)) {
    out.append(buffer, n);
    if (out.size() > limit) throw Error("a control member larger than " + std::to_string(limit) + " bytes");
  }
  return out;
}

void read_deb(const std::filesystem::path& deb, const std::string& what, const DebVisitor& visit,
              const DebReadOptions& options) {
  Reader outer(archive_read_new());
  archive_read_support_format_ar(outer.get());
  if (archive_read_open_filename(outer.get(), deb.c_str(), 1 << 16) != ARCHIVE_OK)
    throw Error(what + ": cannot open " + deb.string() + ": " + archive_message(outer.get()));
  // dpkg's order: debian-binary, control.tar*, data.tar*; "_" members may come between.
  enum { want_binary, want_control, want_data, done } state = want_binary;
  struct archive_entry* e = nullptr;
  while (true) {
    int rc = archive_read_next_header(outer.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) throw Error(what + ": not a valid .deb (ar archive): " + archive_message(outer.get()));
    std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    if (state == want_binary) {
      if (name != "debian-binary") throw Error(what + ": first member is '" + name + "', not debian-binary");
      char version[16] = {0};
      la_ssize_t n = archive_read_data(outer.get(), version, sizeof version - 1);
      if (n < 4 || std::string(version, 4) != "2.0\n") throw Error(what + ": unsupported .deb format version");
      state = want_control;
    } else if (starts_with(name, "_")) {
      continue;  // dpkg ignores these members
    } else if (state == want_control && starts_with(name, "control.tar")) {
      read_tar_member(outer.get(), DebMember::control, what, visit, {});
      state = want_data;
    } else if (state == want_data && starts_with(name, "data.tar")) {
      if (options.data_tar.empty())
        read_tar_member(outer.get(), DebMember::data, what, visit, options.data_tap);
      else
        read_tar_file(options.data_tar, what, visit);
      state = done;
    } else {
      throw Error(what + ": member '" + name + "' is out of order or unexpected");
    }
  }
  if (state != done)
    throw Error(what + ": truncated .deb: no " + std::string(state == want_data ? "data.tar" : "control.tar") + " member");
}

}  // namespace debimg
