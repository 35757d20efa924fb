#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "export/layer_tables.h"
#include "util/fd.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

const int64_t kEpoch = 1700000000;

FileMeta entry(EntryType type, const std::string& package, uint32_t mode = 0644, int64_t mtime = 1600000000) {
  FileMeta m;
  m.type = type;
  m.mode = mode;
  m.package = package;
  m.mtime = mtime;
  return m;
}

// A tree on disk and its table as unpacking leaves them.
struct Tree {
  TempDir dir;
  FileTable table;
  UniqueFd fd;
  Tree() {
    table.set("", entry(EntryType::directory, "", 0755));
    dir_("etc", "base");
    dir_("usr", "base");
    dir_("usr/bin", "base");
    file("usr/bin/a", "a", "pkg-a");
    file("usr/bin/b", "b", "pkg-b");
    file("etc/a.conf.dpkg-new", "conf", "pkg-a");  // a conffile before configuring
    fd.reset(::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  void dir_(const std::string& path, const std::string& package) {
    fs::create_directories(dir.path() / path);
    table.set(path, entry(EntryType::directory, package, 0755));
  }
  void file(const std::string& path, const std::string& content, const std::string& package) {
    write_file_atomic(dir.path() / path, content);
    struct timespec times[2] = {{1600000000, 0}, {1600000000, 0}};
    ::utimensat(AT_FDCWD, (dir.path() / path).c_str(), times, 0);
    table.set(path, entry(EntryType::file, package));
  }
};

// The final table for the tree as it is now: the unpacked one, renamed conffile.
FileTable configured(const FileTable& unpacked) {
  FileTable out;
  for (const auto& [path, meta] : unpacked.entries()) {
    FileMeta m = meta;
    if (m.type == EntryType::directory) m.mtime = kEpoch + 100;  // touched by configuring, clamped to the epoch
    out.set(path.ends_with(".dpkg-new") ? path.substr(0, path.size() - 9) : path, m);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(layer_tables)

BOOST_AUTO_TEST_CASE(a_package_layer_holds_its_files_their_parents_and_conffiles_by_their_final_name) {
  Tree t;
  LayerTable a = package_layer_table(t.table, {"pkg-a"}, kEpoch);
  BOOST_TEST(a.table.find("usr/bin/a"));
  BOOST_TEST(!a.table.find("usr/bin/b"));
  BOOST_TEST(a.table.find("usr/bin")->mtime == kEpoch);  // a parent, as the clamp will show it
  BOOST_TEST(a.table.find("etc/a.conf"));
  BOOST_TEST(!a.table.find("etc/a.conf.dpkg-new"));
  BOOST_TEST(a.content.at("etc/a.conf") == "etc/a.conf.dpkg-new");
  BOOST_TEST(!a.table.find(""));
}

BOOST_AUTO_TEST_CASE(the_last_layer_holds_what_changed_and_whiteouts_for_what_went) {
  Tree t;
  LayerTable a = package_layer_table(t.table, {"pkg-a"}, kEpoch);
  LayerTable b = package_layer_table(t.table, {"pkg-b"}, kEpoch);
  TreeSnapshot snapshot;
  snapshot_files(t.fd.get(), a, snapshot);
  snapshot_files(t.fd.get(), b, snapshot);
  FileTable lower = a.table;
  for (const auto& [path, meta] : b.table.entries()) lower.set(path, meta);
  // "Configuring": the conffile renamed into place, b rewritten, a new file, a file gone.
  fs::rename(t.dir.path() / "etc/a.conf.dpkg-new", t.dir.path() / "etc/a.conf");
  write_file_atomic(t.dir.path() / "usr/bin/b", "B");
  struct timespec times[2] = {{1600000000, 0}, {1600000000, 0}};
  ::utimensat(AT_FDCWD, (t.dir.path() / "usr/bin/b").c_str(), times, 0);  // same mtime and size: the inode tells
  FileTable final = configured(t.table);
  write_file_atomic(t.dir.path() / "etc/new", "n");
  final.set("etc/new", entry(EntryType::file, "", 0644, kEpoch));
  fs::remove(t.dir.path() / "usr/bin/a");
  FileTable without_a;
  for (const auto& [path, meta] : final.entries())
    if (path != "usr/bin/a") without_a.set(path, meta);

  LayerTable last = changes_layer_table(t.fd.get(), lower, snapshot, without_a, kEpoch);
  BOOST_TEST(!last.table.find("etc/a.conf"));  // renamed, not changed
  BOOST_TEST(last.table.find("usr/bin/b"));    // replaced
  BOOST_TEST(last.table.find("etc/new"));
  BOOST_TEST(last.table.find("etc"));          // the parent of what it holds
  BOOST_TEST(last.table.find("usr/bin/.wh.a"));
  BOOST_TEST(last.content.at("usr/bin/.wh.a").empty());
  BOOST_TEST(!last.table.find("usr/bin/a"));
}

BOOST_AUTO_TEST_CASE(a_removed_directory_gets_one_whiteout) {
  Tree t;
  LayerTable base = package_layer_table(t.table, {"base", "pkg-a", "pkg-b"}, kEpoch);
  TreeSnapshot snapshot;
  snapshot_files(t.fd.get(), base, snapshot);
  FileTable final;
  const FileTable all = configured(t.table);
  for (const auto& [path, meta] : all.entries())
    if (path.rfind("usr/bin", 0) != 0) final.set(path, meta);
  LayerTable last = changes_layer_table(t.fd.get(), base.table, snapshot, final, kEpoch);
  BOOST_TEST(last.table.find("usr/.wh.bin"));
  BOOST_TEST(!last.table.find("usr/bin/.wh.a"));
}

BOOST_AUTO_TEST_CASE(a_hardlink_whose_target_is_elsewhere_becomes_the_file) {
  Tree t;
  FileMeta link = entry(EntryType::hardlink, "pkg-a");
  link.link = "usr/bin/b";  // b belongs to another package (it Replaces a's copy)
  t.table.set("usr/bin/a2", link);
  t.table.set("usr/bin/a3", link);
  LayerTable a = package_layer_table(t.table, {"pkg-a"}, kEpoch);
  BOOST_TEST((a.table.find("usr/bin/a2")->type == EntryType::file));
  BOOST_TEST((a.table.find("usr/bin/a3")->type == EntryType::hardlink));
  BOOST_TEST(a.table.find("usr/bin/a3")->link == "usr/bin/a2");
}

BOOST_AUTO_TEST_SUITE_END()
