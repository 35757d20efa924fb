#include "cache/cache.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

using namespace debimg;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(cache_paths)

// The attack that worked: a "SHA-256" of `../` padded to 64 characters made
// find_verified remove the file it led to as a damaged entry.
BOOST_AUTO_TEST_CASE(no_path_is_made_of_anything_but_a_sha256) {
  TempDir work;
  Cache cache(work.path() / "cache");
  const fs::path victim = work.path() / "victim";
  write_file_atomic(victim, "precious");
  std::string traversal = "../../victim";
  traversal.insert(0, 64 - traversal.size(), '/');
  BOOST_REQUIRE(traversal.size() == 64u);
  BOOST_CHECK_THROW(cache.find_verified(traversal, 3), Error);
  BOOST_CHECK_THROW(cache.blob_path("./" + traversal.substr(2)), Error);
  BOOST_CHECK_THROW(cache.blob_path(std::string(64, 'A')), Error);
  BOOST_CHECK_THROW(cache.adopt(victim, traversal), Error);
  BOOST_TEST(read_file(victim) == "precious");
  const std::string sha(64, 'a');
  BOOST_TEST(cache.blob_path(sha) == cache.root() / "sha256" / "aa" / sha);
  BOOST_TEST(!cache.find_verified(sha, 1));
}

BOOST_AUTO_TEST_CASE(state_paths_stay_below_state) {
  TempDir work;
  Cache cache(work.path());
  BOOST_TEST(cache.state_path("data-tar/x") == cache.root() / "state" / "data-tar" / "x");
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", ".", ".."})
    BOOST_CHECK_THROW(cache.state_path(bad), Error);
}

BOOST_AUTO_TEST_SUITE_END()

// A shared cache volume is a trust boundary: what someone else wrote, or
// could have rewritten, is not used.
BOOST_AUTO_TEST_CASE(entries_others_could_write_are_refused) {
  TempDir work;
  Cache cache(work.path() / "cache");
  const std::string content = "blob";
  const std::string sha = sha256_hex(content);
  fs::create_directories(cache.blob_path(sha).parent_path());
  write_file_atomic(cache.blob_path(sha), content, 0664);
  BOOST_TEST(!cache.find_verified(sha, content.size()));
  BOOST_TEST(!fs::exists(cache.blob_path(sha)));  // removed, fetched again
  write_file_atomic(work.path() / "elsewhere", content);
  fs::create_symlink(work.path() / "elsewhere", cache.blob_path(sha));
  BOOST_TEST(!cache.find_verified(sha, content.size()));
  BOOST_TEST(fs::exists(work.path() / "elsewhere"));  // only the link went
  write_file_atomic(cache.blob_path(sha), content, 0644);
  BOOST_TEST(cache.find_verified(sha, content.size()).has_value());

  fs::create_directories(cache.state_path("x").parent_path());
  write_file_atomic(cache.state_path("x"), "state", 0666);
  BOOST_TEST(!cache.read_state("x"));
  write_file_atomic(cache.state_path("x"), "state", 0644);
  BOOST_TEST(cache.read_state("x").value() == "state");
  BOOST_TEST(!cache.read_state("absent"));
  if (::geteuid() == 0) {  // another user's entry, however well-formed
    BOOST_REQUIRE(::chown(cache.state_path("x").c_str(), 4321, 4321) == 0);
    BOOST_TEST(!cache.read_state("x"));
    BOOST_REQUIRE(::chown(cache.blob_path(sha).c_str(), 4321, 4321) == 0);
    BOOST_TEST(!cache.find_verified(sha, content.size()));
  }

  // A temporary made under a loose umask enters the store writable only by its owner.
  const fs::path temp = cache.new_temp_file("t");
  write_file_atomic(temp, "other", 0666);
  cache.adopt(temp, sha256_hex("other"));
  BOOST_TEST(cache.find_verified(sha256_hex("other"), 5).has_value());
}

BOOST_AUTO_TEST_CASE(folders_others_can_write_are_refused) {
  TempDir work;
  fs::create_directories(work.path() / "open");
  fs::permissions(work.path() / "open", fs::perms(0777));
  BOOST_CHECK_EXCEPTION(Cache(work.path() / "open"), Error, [](const Error& e) {
    return std::string(e.what()).find("is writable by others (mode 0777)") != std::string::npos;
  });
  Cache ok(work.path() / "mine");
  fs::permissions(ok.root() / "state", fs::perms(0775));
  BOOST_CHECK_EXCEPTION(Cache(work.path() / "mine"), Error, [](const Error& e) {
    return std::string(e.what()).find("state is writable by others (mode 0775)") != std::string::npos;
  });
  fs::permissions(ok.root() / "state", fs::perms(0755));
  fs::remove(ok.root() / "tmp");
  fs::create_symlink(work.path() / "open", ok.root() / "tmp");
  BOOST_CHECK_EXCEPTION(Cache(work.path() / "mine"), Error, [](const Error& e) {
    return std::string(e.what()).find("is not a folder (a symlink?)") != std::string::npos;
  });
}
