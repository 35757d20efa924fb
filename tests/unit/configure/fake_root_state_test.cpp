// fakeroot's state without namespaces (configure/fake_root_state.h,
// configure/fakechroot_links.h, the scan's reading of it in tree_scan.h):
// faked's own save format round-trips, the state kept by path seeds faked by
// the inodes on disk and is read back by path, a replaced path inherits no
// owner or type, the scan takes owners and device nodes from it (and root
// for paths it does not know), and absolute links gain and lose the tree's
// host path keeping their mtime.
#include "configure/fake_root_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "configure/fakechroot_links.h"
#include "configure/tree_scan.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

struct Tree {
  TempDir work;
  fs::path root = work.path();
  UniqueFd fd;
  Tree() {
    fs::create_directories(root / "etc");
    fs::create_directories(root / "var/log");
    write_file_atomic(root / "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644);
    write_file_atomic(root / "var/log/wtmp", "", 0664);
    write_file_atomic(root / "dev-null", "", 0644);  // a device node kept as an empty file
    fd.reset(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  struct stat stat_of(const std::string& path) const {
    struct stat st {};
    BOOST_REQUIRE(::lstat((root / path).c_str(), &st) == 0);
    return st;
  }
};

FileMeta meta(EntryType type, uint32_t mode, uint32_t uid = 0, uint32_t gid = 0) {
  FileMeta m;
  m.type = type;
  m.mode = mode;
  m.uid = uid;
  m.gid = gid;
  return m;
}

FileTable table_of_tree() {
  FileTable t;
  t.set("", meta(EntryType::directory, 0755));
  t.set("etc", meta(EntryType::directory, 0755));
  t.set("etc/passwd", meta(EntryType::file, 0644));
  t.set("var", meta(EntryType::directory, 0755));
  t.set("var/log", meta(EntryType::directory, 0755));
  t.set("var/log/wtmp", meta(EntryType::file, 0664, 0, 43));
  FileMeta dev = meta(EntryType::char_device, 0666);
  dev.rdev_major = 1;
  dev.rdev_minor = 3;
  t.set("dev-null", dev);
  return t;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fake_root_state)

BOOST_AUTO_TEST_CASE(faked_save_format_round_trips) {
  const std::string text =
      "dev=fe00,ino=10954940,mode=104755,uid=5,gid=6,nlink=1,rdev=0\n"
      "dev=fe00,ino=10954941,mode=20644,uid=0,gid=0,nlink=1,rdev=259\n";
  const FakedInodes inodes = FakedInodes::parse(text);
  BOOST_TEST(inodes.size() == 2u);
  const FakedInode* setuid = inodes.find(0xfe00, 10954940);
  BOOST_REQUIRE(setuid);
  BOOST_TEST(setuid->mode == 0104755u);
  BOOST_TEST(setuid->uid == 5u);
  BOOST_TEST(inodes.find(0xfe00, 10954941)->rdev == 259u);
  BOOST_TEST(inodes.text() == text);
}

BOOST_AUTO_TEST_CASE(a_line_that_is_not_faked_s_format_is_refused) {
  for (const char* bad : {"dev=fe00,ino=1,mode=100644,uid=0,gid=0,nlink=1\n",
                          "dev=fe00,ino=1,mode=100644,uid=0,gid=0,nlink=1,rdev=0,extra\n",
                          "dev=fe00,ino=1,mode=100644,uid=99999999999,gid=0,nlink=1,rdev=0\n", "garbage\n"})
    BOOST_CHECK_EXCEPTION(FakedInodes::parse(bad), Error, [](const Error& e) {
      return std::string(e.what()).find("line 1: not faked's format") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(the_table_seeds_it_by_inode_and_the_scan_reads_it_back_by_path) {
  Tree tree;
  const FileTable table = table_of_tree();
  const FakedOwners owners = FakedOwners::from_table(table);
  FakedInodes seeded = owners.seed(tree.fd.get());
  const struct stat wtmp = tree.stat_of("var/log/wtmp");
  BOOST_REQUIRE(seeded.find(wtmp.st_dev, wtmp.st_ino));
  BOOST_TEST(seeded.find(wtmp.st_dev, wtmp.st_ino)->gid == 43u);
  BOOST_TEST(seeded.find(wtmp.st_dev, wtmp.st_ino)->mode == (S_IFREG | 0664u));
  const struct stat dev = tree.stat_of("dev-null");
  BOOST_TEST(seeded.find(dev.st_dev, dev.st_ino)->mode == (S_IFCHR | 0666u));

  // A script chowns passwd (faked records it); a file nobody told faked about is root's.
  const struct stat passwd = tree.stat_of("etc/passwd");
  seeded.set(passwd.st_dev, passwd.st_ino, FakedInode{S_IFREG | 0600, 7, 8, 1, 0});
  write_file_atomic(tree.root / "etc/new", "x", 0640);
  const FakedOwners after = FakedOwners::read_back(tree.fd.get(), seeded);
  const FileTable scanned = scan_tree(tree.fd.get(), table, nullptr, &after);
  BOOST_TEST(scanned.find("etc/passwd")->uid == 7u);
  BOOST_TEST(scanned.find("etc/passwd")->mode == 0600u);
  BOOST_TEST(scanned.find("var/log/wtmp")->gid == 43u);
  BOOST_TEST(scanned.find("etc/new")->uid == 0u);  // on disk: whoever runs the test
  BOOST_TEST(scanned.find("etc/new")->mode == 0640u);
  BOOST_TEST(static_cast<int>(scanned.find("dev-null")->type) == static_cast<int>(EntryType::char_device));
  BOOST_TEST(scanned.find("dev-null")->rdev_major == 1u);
  BOOST_TEST(scanned.find("dev-null")->rdev_minor == 3u);
}

// The kernel hands freed inode numbers out again: a path replaced by
// something faked never heard of must not inherit the old owner, nor a
// folder a file's type.
BOOST_AUTO_TEST_CASE(a_replaced_path_does_not_inherit_an_owner_or_a_type) {
  Tree tree;
  const FakedOwners owners = FakedOwners::from_table(table_of_tree());
  fs::remove(tree.root / "var/log/wtmp");
  fs::create_directory(tree.root / "var/log/wtmp");  // now a folder: the file's record does not fit
  const FakedInodes seeded = owners.seed(tree.fd.get());
  const struct stat now = tree.stat_of("var/log/wtmp");
  BOOST_TEST(!seeded.find(now.st_dev, now.st_ino));
  // faked holding a file's record for a folder's inode: not taken back either.
  FakedInodes stale = seeded;
  stale.set(now.st_dev, now.st_ino, FakedInode{S_IFREG | 0600, 7, 8, 1, 0});
  const FakedOwners after = FakedOwners::read_back(tree.fd.get(), stale);
  BOOST_TEST(!after.find("var/log/wtmp"));
  BOOST_TEST(after.find("etc/passwd"));
}

BOOST_AUTO_TEST_CASE(an_alias_maps_a_folder_set_aside_to_the_path_it_stands_for) {
  Tree tree;
  FakedOwners owners;
  owners.set("var/log/wtmp", FakedInode{S_IFREG | 0664, 0, 43, 1, 0});
  fs::rename(tree.root / "var/log", tree.root / "aside");
  const PathAlias alias = [](const std::string& p) { return p.starts_with("aside") ? "var/log" + p.substr(5) : p; };
  const FakedInodes seeded = owners.seed(tree.fd.get(), alias);
  const struct stat wtmp = tree.stat_of("aside/wtmp");
  BOOST_REQUIRE(seeded.find(wtmp.st_dev, wtmp.st_ino));
  BOOST_TEST(FakedOwners::read_back(tree.fd.get(), seeded, alias).find("var/log/wtmp")->gid == 43u);
}

BOOST_AUTO_TEST_CASE(absolute_links_gain_and_lose_the_tree_s_path_with_their_mtime) {
  Tree tree;
  fs::create_symlink("/usr/share/zoneinfo/UTC", tree.root / "etc/localtime");
  fs::create_symlink("passwd", tree.root / "etc/relative");
  const struct timespec old[2] = {{1000000, 0}, {1000000, 0}};
  BOOST_REQUIRE(::utimensat(AT_FDCWD, (tree.root / "etc/localtime").c_str(), old, AT_SYMLINK_NOFOLLOW) == 0);
  const std::string base = tree.root.string();
  BOOST_TEST(prefix_absolute_links(tree.fd.get(), base) == 1u);
  BOOST_TEST(fs::read_symlink(tree.root / "etc/localtime").string() == base + "/usr/share/zoneinfo/UTC");
  BOOST_TEST(fs::read_symlink(tree.root / "etc/relative").string() == "passwd");
  BOOST_TEST(prefix_absolute_links(tree.fd.get(), base) == 0u);  // once only
  // A script made one (fakechroot wrote the prefix), and one to the tree's root.
  fs::create_symlink(base + "/bin/dash", tree.root / "etc/sh");
  fs::create_symlink(base, tree.root / "etc/root");
  fs::create_symlink(base + "x/elsewhere", tree.root / "etc/similar");  // not below the tree: kept
  BOOST_TEST(strip_link_prefix(tree.fd.get(), base) == 3u);
  BOOST_TEST(fs::read_symlink(tree.root / "etc/localtime").string() == "/usr/share/zoneinfo/UTC");
  BOOST_TEST(fs::read_symlink(tree.root / "etc/sh").string() == "/bin/dash");
  BOOST_TEST(fs::read_symlink(tree.root / "etc/root").string() == "/");
  BOOST_TEST(fs::read_symlink(tree.root / "etc/similar").string() == base + "x/elsewhere");
  BOOST_TEST(tree.stat_of("etc/localtime").st_mtim.tv_sec == 1000000);
}

BOOST_AUTO_TEST_SUITE_END()
