#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <sys/stat.h>

#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"
#include "util/spelling.h"

using namespace debimg;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(util)

BOOST_AUTO_TEST_CASE(sha256_known_vectors) {
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 h;
  h.update("a");
  h.update("bc");
  BOOST_TEST(h.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(atomic_write_replaces_whole_file_and_leaves_no_temporaries) {
  TempDir dir;
  fs::path f = dir.path() / "x.lock";
  write_file_atomic(f, "one");
  write_file_atomic(f, "two", 0600);
  BOOST_TEST(read_file(f) == "two");
  BOOST_TEST(((fs::status(f).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write)));
  BOOST_TEST(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

BOOST_AUTO_TEST_CASE(atomic_write_into_missing_folder_fails_clearly) {
  BOOST_CHECK_EXCEPTION(write_file_atomic("/nonexistent/dir/x", "a"), Error,
                        [](const Error& e) { return std::string(e.what()).find("/nonexistent/dir/x") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(temp_dir_is_removed_with_its_contents) {
  fs::path kept;
  {
    TempDir dir;
    kept = dir.path();
    fs::create_directories(kept / "a/b");
    write_file_atomic(kept / "a/b/c", "x");
    BOOST_TEST(fs::is_directory(kept));
  }
  BOOST_TEST(!fs::exists(kept));
}

BOOST_AUTO_TEST_CASE(spelling_suggestions) {
  BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
  BOOST_TEST(did_you_mean("pakages", {"packages", "exclude", "name"}) == ", did you mean 'packages'?");
  BOOST_TEST(did_you_mean("zzzzzz", {"packages", "exclude"}).empty());
}

BOOST_AUTO_TEST_CASE(location_formats) {
  BOOST_TEST((Location{"p.yaml", 3, 7}.str()) == "p.yaml:3:7");
  BOOST_TEST((Location{"p.yaml", 0, 0}.str()) == "p.yaml");
  BOOST_TEST(std::string(InputError({"p.yaml", 1, 2}, "name", "bad").what()) == "p.yaml:1:2: name: bad");
}

BOOST_AUTO_TEST_SUITE_END()
