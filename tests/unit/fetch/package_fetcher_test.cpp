// fetch_packages from a file:// archive in a temporary folder into a cache
// of the test's own: stored by hash, taken from the cache the second time,
// refused when the bytes are not what the lock says, --offline.
#include "fetch/package_fetcher.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>

#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A file:// archive with pool files, one suite "stable" that serves it, and a cache.
struct Archive {
  TempDir work;
  fs::path archive = work.path() / "archive";
  Cache cache{work.path() / "cache"};
  Profile profile;
  ArchiveSuite suite;
  Lockfile lock;
  FetchOptions options;

  Archive() {
    profile.file = work.path() / "profile.yaml";
    suite.suite = "stable";
    suite.components = {"main"};
    suite.uris = {uri(archive)};
    lock.architectures = {"amd64"};
    options.http.attempts = 1;
  }

  static std::string uri(const fs::path& folder) { return "file://" + folder.string() + "/"; }

  // A fake .deb in the pool, and the lock's record of it.
  ResolvedPackage& add(const std::string& name, const std::string& version, const std::string& content) {
    ResolvedPackage p{name, version, "amd64", "stable", "main",
                      "pool/main/" + name.substr(0, 1) + "/" + name + "/" + name + "_" + version + "_amd64.deb",
                      content.size(), sha256_hex(content), "", {}};
    serve(p.filename, content);
    lock.packages.push_back(p);
    return lock.packages.back();
  }

  void serve(const std::string& filename, const std::string& content) const {
    fs::create_directories((archive / filename).parent_path());
    write_file_atomic(archive / filename, content);
  }

  FetchResult fetch() const { return fetch_packages(lock, {suite}, profile, cache, options); }

  std::string refusal() const {
    try {
      fetch();
    } catch (const Error& e) {
      return e.what();
    }
    BOOST_ERROR("fetched without an error");
    return "";
  }

  // Every file in the cache's store and scratch area: nothing may stay of a refused download.
  std::set<std::string> cached_files() const {
    std::set<std::string> out;
    for (const char* part : {"sha256", "tmp"})
      for (const auto& e : fs::recursive_directory_iterator(cache.root() / part))
        if (!e.is_directory()) out.insert(e.path().lexically_relative(cache.root()).string());
    return out;
  }
};

std::string deb(const std::string& name) { return "!<arch>\ndebian-binary   0           0     0     100644  4         `\n2.0\n" + name; }

}  // namespace

BOOST_AUTO_TEST_SUITE(package_fetcher)

BOOST_FIXTURE_TEST_CASE(packages_are_stored_by_their_hash, Archive) {
  add("hello", "1.0", deb("hello"));
  add("libc6", "2.36-9", deb("libc6, a little longer"));
  std::vector<size_t> done;
  options.progress = [&](size_t n, size_t total, uint64_t) {
    BOOST_TEST(total == 2u);
    done.push_back(n);
  };
  FetchResult r = fetch();
  BOOST_TEST(r.downloaded == 2u);
  BOOST_TEST(r.downloaded_bytes == deb("hello").size() + deb("libc6, a little longer").size());
  BOOST_REQUIRE(r.files.size() == 2u);
  for (size_t i = 0; i < 2; ++i) {  // in lock order, each at its hash's place
    BOOST_TEST(r.files[i] == cache.blob_path(lock.packages[i].sha256));
    BOOST_TEST(read_file(r.files[i]) == read_file(archive / lock.packages[i].filename));
  }
  BOOST_TEST(done == (std::vector<size_t>{1, 2}), boost::test_tools::per_element());
  BOOST_TEST(cached_files().size() == 2u);  // no temporaries left
}

BOOST_FIXTURE_TEST_CASE(a_second_fetch_takes_the_cache, Archive) {
  add("hello", "1.0", deb("hello"));
  const fs::path first = fetch().files.at(0);
  fs::remove_all(archive);  // nothing left to download from
  FetchResult again = fetch();
  BOOST_TEST(again.downloaded == 0u);
  BOOST_TEST(again.downloaded_bytes == 0u);
  BOOST_TEST(again.files.at(0) == first);

  // A damaged entry is not used: it is fetched again.
  serve(lock.packages[0].filename, deb("hello"));
  write_file_atomic(first, deb("hellO"));
  FetchResult repaired = fetch();
  BOOST_TEST(repaired.downloaded == 1u);
  BOOST_TEST(read_file(repaired.files.at(0)) == deb("hello"));
}

BOOST_FIXTURE_TEST_CASE(a_wrong_hash_is_refused_and_not_stored, Archive) {
  ResolvedPackage& p = add("hello", "1.0", deb("hello"));
  p.sha256 = sha256_hex(deb("hellO"));  // same size, other bytes
  const std::string url = suite.uris[0] + p.filename;
  const std::string message = refusal();
  BOOST_TEST(has(message, url), message);
  BOOST_TEST(has(message, "hello"), message);
  BOOST_TEST(has(message, "SHA256 or size differs from the lock"), message);
  BOOST_TEST(has(message, sha256_hex(deb("hello"))), message);  // what came
  BOOST_TEST(cached_files().empty());
  BOOST_TEST(!cache.find_verified(p.sha256, p.size));
}

BOOST_FIXTURE_TEST_CASE(a_wrong_size_is_refused_and_not_stored, Archive) {
  ResolvedPackage& p = add("hello", "1.0", deb("hello"));
  const std::string url = suite.uris[0] + p.filename;
  p.size -= 1;  // the archive serves more than the lock allows: cut off
  std::string message = refusal();
  BOOST_TEST(has(message, url), message);
  BOOST_TEST(has(message, "larger than the expected " + std::to_string(p.size) + " bytes"), message);
  BOOST_TEST(cached_files().empty());

  p.size += 2;  // less than the lock says
  message = refusal();
  BOOST_TEST(has(message, url), message);
  BOOST_TEST(has(message, "SHA256 or size differs from the lock"), message);
  BOOST_TEST(has(message, std::to_string(p.size - 1) + " bytes; the lock says"), message);
  BOOST_TEST(cached_files().empty());
}

BOOST_FIXTURE_TEST_CASE(offline_takes_only_the_cache, Archive) {
  add("hello", "1.0", deb("hello"));
  options.offline = true;
  const std::string message = refusal();
  BOOST_TEST(has(message, "--offline: the cache lacks hello 1.0 (pool/main/h/hello/hello_1.0_amd64.deb)"), message);
  BOOST_TEST(cached_files().empty());

  options.offline = false;
  fetch();
  options.offline = true;
  FetchResult r = fetch();
  BOOST_TEST(r.downloaded == 0u);
  BOOST_TEST(read_file(r.files.at(0)) == deb("hello"));
}

// The suite's URIs are tried in order; a 404 on every one says what to do.
BOOST_FIXTURE_TEST_CASE(mirrors_in_order_and_a_package_gone_from_all, Archive) {
  const fs::path empty = work.path() / "empty-mirror";
  fs::create_directories(empty);
  suite.uris.insert(suite.uris.begin(), uri(empty));
  add("hello", "1.0", deb("hello"));
  FetchResult r = fetch();
  BOOST_TEST(r.downloaded == 1u);
  BOOST_TEST(read_file(r.files.at(0)) == deb("hello"));

  add("gone", "1.0", deb("gone"));
  fs::remove(archive / lock.packages.back().filename);
  const std::string message = refusal();
  BOOST_TEST(has(message, suite.uris[1] + lock.packages.back().filename + ": 404 Not Found: gone 1.0 has left the mirror's pool"),
             message);
  BOOST_TEST(!has(message, suite.uris[0]), message);  // the last mirror's answer
}

BOOST_FIXTURE_TEST_CASE(a_suite_the_profile_lacks, Archive) {
  ResolvedPackage& p = add("hello", "1.0", deb("hello"));
  p.suite = "testing";
  const std::string message = refusal();
  BOOST_TEST(has(message, "hello 1.0: the lock names suite 'testing', which the profile does not have"), message);
  BOOST_TEST(cached_files().empty());
}

// Local packages are verified where they are, never copied into the cache.
BOOST_FIXTURE_TEST_CASE(local_packages_in_place, Archive) {
  const fs::path local = work.path() / "debs" / "tool_1.0_amd64.deb";
  fs::create_directories(local.parent_path());
  write_file_atomic(local, deb("tool"));
  lock.packages.push_back({"tool", "1.0", "amd64", "local", "", "debs/tool_1.0_amd64.deb", deb("tool").size(),
                           sha256_hex(deb("tool")), "", {}});
  FetchResult r = fetch();
  BOOST_TEST(r.downloaded == 0u);
  BOOST_TEST(r.files.at(0) == local);
  BOOST_TEST(cached_files().empty());

  write_file_atomic(local, deb("tooL"));
  std::string message = refusal();
  BOOST_TEST(has(message, "tool 1.0: " + local.string() + " has changed since the lock"), message);
  fs::remove(local);
  message = refusal();
  BOOST_TEST(has(message, "tool 1.0: the local package " + local.string() + " is gone"), message);
}

BOOST_AUTO_TEST_SUITE_END()
