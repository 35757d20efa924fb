// Handing a tree to the scripts' ids and reading it back
// (configure/tree_owner.h, configure/tree_scan.h): every owner moves into
// the sandbox's range, set-id bits survive the chown, symlinks are changed
// themselves and never followed, and a scan maps the owners back.
#include "configure/tree_owner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <map>

#include "configure/tree_scan.h"
#include "util/fd.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

constexpr unsigned kUidBase = 300000, kGidBase = 400000;

struct Owned {
  char kind;  // 'd'irectory, 'f'ile, 'l'ink
  unsigned uid, gid;
  mode_t mode;
};

struct stat lstat_of(const fs::path& p) {
  struct stat st {};
  BOOST_REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st;
}

// A tree whose entries have the owners and modes of `entries`, and a file outside it.
struct OwnedTree {
  TempDir work;
  fs::path tree = work.path() / "tree", outside = work.path() / "outside";
  std::map<std::string, Owned> entries{
      {"etc", {'d', 0, 0, 0755}},
      {"etc/passwd", {'f', 0, 0, 0644}},
      {"var", {'d', 0, 0, 0755}},
      {"var/mail", {'d', 0, 8, 02775}},
      {"home", {'d', 0, 0, 0755}},
      {"home/app", {'d', 1000, 1000, 0700}},
      {"home/app/.profile", {'f', 1000, 1000, 0644}},
      {"usr", {'d', 0, 0, 0755}},
      {"usr/bin", {'d', 0, 0, 0755}},
      {"usr/bin/su", {'f', 0, 0, 04755}},
      {"usr/bin/wall", {'f', 0, 5, 02755}},
      {"usr/bin/link", {'l', 0, 0, 0777}},
      {"usr/share", {'d', kUidBase + 5, kGidBase + 5, 0755}},  // a script's already
      {"srv", {'d', 70000, 70000, 0755}},                      // beyond the scripts' 65536 ids
  };
  UniqueFd root;

  OwnedTree() {
    fs::create_directories(tree);
    write_file_atomic(outside, "canary");
    for (const auto& [path, o] : entries) {
      const fs::path p = tree / path;
      if (o.kind == 'l')
        fs::create_symlink(outside, p);
      else if (o.kind == 'f')
        write_file_atomic(p, "x");
      else
        fs::create_directory(p);
      BOOST_REQUIRE(::lchown(p.c_str(), o.uid, o.gid) == 0);
      if (o.kind != 'l') BOOST_REQUIRE(::chmod(p.c_str(), o.mode) == 0);
    }
    root.reset(::open(tree.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
};

IdMap sandbox_ids(unsigned uid_base, unsigned gid_base) {
  IdMap m;
  m.identity = true;
  m.sandbox_uid_base = uid_base;
  m.sandbox_gid_base = gid_base;
  return m;
}

unsigned handed(unsigned id, unsigned base) { return id >= kNeededIds ? id : base + id; }

}  // namespace

BOOST_AUTO_TEST_SUITE(tree_owner)

BOOST_AUTO_TEST_CASE(the_tree_goes_to_the_scripts_ids_and_comes_back) {
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: giving files to other ids needs root");
    return;
  }
  OwnedTree t;
  const IdMap ids = sandbox_ids(kUidBase, kGidBase);
  hand_tree_to_sandbox(t.root.get(), ids);
  BOOST_TEST(lstat_of(t.tree).st_uid == kUidBase);
  BOOST_TEST(lstat_of(t.tree).st_gid == kGidBase);
  for (const auto& [path, o] : t.entries) {
    const struct stat st = lstat_of(t.tree / path);
    const bool scripts = o.uid >= kUidBase;
    BOOST_TEST(st.st_uid == (scripts ? o.uid : handed(o.uid, kUidBase)), path);
    BOOST_TEST(st.st_gid == (scripts ? o.gid : handed(o.gid, kGidBase)), path);
    if (o.kind != 'l') BOOST_TEST((st.st_mode & 07777) == o.mode, path);  // set-id bits put back
  }
  const struct stat canary = lstat_of(t.outside);  // the link was changed, not what it names
  BOOST_TEST(canary.st_uid == 0u);
  BOOST_TEST(read_file(t.outside) == "canary");

  // Handing it again changes nothing; a scan gives the owners as the scripts saw them.
  hand_tree_to_sandbox(t.root.get(), ids);
  BOOST_TEST(lstat_of(t.tree / "etc/passwd").st_uid == kUidBase);
  const FileTable scanned = scan_tree(t.root.get(), FileTable{}, &ids);
  BOOST_TEST(scanned.find("")->uid == 0u);
  for (const auto& [path, o] : t.entries) {
    const FileMeta* m = scanned.find(path);
    BOOST_REQUIRE_MESSAGE(m, path);
    BOOST_TEST(m->uid == (o.uid >= kUidBase ? o.uid - kUidBase : o.uid), path);
    BOOST_TEST(m->gid == (o.gid >= kGidBase ? o.gid - kGidBase : o.gid), path);
    BOOST_TEST(m->mode == o.mode, path);  // a link's: 0777
  }
  BOOST_TEST(scanned.find("usr/bin/link")->link == t.outside.string());
}

// As a user the scripts' ids are the build namespace's own: nothing to hand over.
BOOST_AUTO_TEST_CASE(base_zero_changes_nothing) {
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: making a tree of several owners needs root");
    return;
  }
  OwnedTree t;
  hand_tree_to_sandbox(t.root.get(), sandbox_ids(0, 0));
  for (const auto& [path, o] : t.entries) {
    BOOST_TEST(lstat_of(t.tree / path).st_uid == o.uid, path);
    BOOST_TEST(lstat_of(t.tree / path).st_gid == o.gid, path);
  }
  const IdMap none = sandbox_ids(0, 0);
  BOOST_TEST(scan_tree(t.root.get(), FileTable{}, &none).find("home/app")->uid == 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
