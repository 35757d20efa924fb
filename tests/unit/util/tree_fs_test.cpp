// Paths inside a hostile tree never lead out of it (util/tree_fs.h), and
// temporaries are live while their maker holds them (util/temporaries.h).
#include <boost/test/unit_test.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "util/error.h"
#include "util/files.h"
#include "util/temporaries.h"
#include "util/tree_fs.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

struct HostileTree {
  TempDir host;  // holds the tree and, beside it, the victim
  fs::path tree = host.path() / "tree", victim = host.path() / "victim";
  UniqueFd root;
  HostileTree() {
    fs::create_directories(tree / "var");
    fs::create_directories(victim);
    write_file_atomic(victim / "dpkg.log", "host file");
    fs::create_symlink(victim, tree / "var/log-abs");          // absolute, out of the tree
    fs::create_symlink("../../victim", tree / "var/log-rel");  // climbs out of the tree
    root.reset(::open(tree.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(tree_fs)

BOOST_AUTO_TEST_CASE(absolute_and_climbing_symlinks_resolve_inside_the_tree) {
  HostileTree t;
  require_openat2();
  for (const char* path : {"var/log-abs/dpkg.log", "var/log-rel/dpkg.log"}) {
    BOOST_TEST(!open_in_tree(t.root.get(), path, O_RDONLY), path);
    BOOST_TEST(!unlink_in_tree(t.root.get(), path), path);
    BOOST_TEST(!stat_in_tree(t.root.get(), path), path);
  }
  BOOST_CHECK_THROW(write_file_in_tree(t.root.get(), "var/log-abs/dpkg.log", "evil", 0644), Error);
  BOOST_TEST(read_file(t.victim / "dpkg.log") == "host file");
  // The same names inside the tree are reached: an absolute link means the tree's root.
  fs::create_directories(t.tree / t.victim.relative_path());
  write_file_atomic(t.tree / t.victim.relative_path() / "dpkg.log", "tree file");
  UniqueFd inside = open_in_tree(t.root.get(), "var/log-abs/dpkg.log", O_RDONLY);
  BOOST_TEST(static_cast<bool>(inside));
  BOOST_TEST(unlink_in_tree(t.root.get(), "var/log-abs/dpkg.log"));
  BOOST_TEST(read_file(t.victim / "dpkg.log") == "host file");
}

BOOST_AUTO_TEST_CASE(a_symlink_in_place_of_a_file_is_replaced_not_followed) {
  HostileTree t;
  fs::create_directories(t.tree / "usr/sbin");
  fs::create_symlink(t.victim / "dpkg.log", t.tree / "usr/sbin/policy-rc.d");
  write_file_in_tree(t.root.get(), "usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0755);
  BOOST_TEST(read_file(t.victim / "dpkg.log") == "host file");
  BOOST_TEST(fs::is_regular_file(fs::symlink_status(t.tree / "usr/sbin/policy-rc.d")));
  BOOST_TEST(read_file(t.tree / "usr/sbin/policy-rc.d") == "#!/bin/sh\nexit 101\n");
}

BOOST_AUTO_TEST_CASE(walk_never_follows_symlinks_and_refuses_deep_nesting) {
  HostileTree t;
  size_t seen = 0;
  bool victim_seen = false;
  walk_tree(t.root.get(), [&](int, const std::string&, const std::string& path, const struct stat&) {
    ++seen;
    victim_seen = victim_seen || path.find("dpkg.log") != std::string::npos;
  });
  BOOST_TEST(seen == 3u);  // var and its two links
  BOOST_TEST(!victim_seen);
  fs::path deep = t.tree;
  for (int i = 0; i <= kMaxTreeDepth + 1; ++i) deep /= "d";
  fs::create_directories(deep);
  BOOST_CHECK_EXCEPTION(walk_tree(t.root.get(), [](int, const std::string&, const std::string&, const struct stat&) {}),
                        Error, [](const Error& e) { return std::string(e.what()).find("nested deeper") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(stale_temporaries_go_live_ones_stay) {
  TempDir scratch;
  TempDir live(scratch.path(), "tree-");
  const fs::path dead = scratch.path() / "tree-dead";
  fs::create_directories(dead / "sub");
  write_file_atomic(scratch.path() / "other", "not a temporary");
  // Older than the moment a maker needs to lock what it created.
  struct timespec old[2] = {{::time(nullptr) - 60, 0}, {::time(nullptr) - 60, 0}};
  for (const fs::path& p : {live.path(), dead}) ::utimensat(AT_FDCWD, p.c_str(), old, 0);
  const size_t removed = remove_stale_temporaries(scratch.path(), [](const std::string& n) { return n.rfind("tree-", 0) == 0; });
  BOOST_TEST(removed == 1u);
  BOOST_TEST(!fs::exists(dead));
  BOOST_TEST(fs::exists(live.path()));
  BOOST_TEST(fs::exists(scratch.path() / "other"));
}

BOOST_AUTO_TEST_SUITE_END()
