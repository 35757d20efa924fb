#include "compose/output_guard.h"

#include <boost/test/unit_test.hpp>

#include "compose/layout_archive.h"
#include "util/error.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {
auto says(const std::string& words) {
  return [words](const Error& e) {
    const std::string what = e.what();
    return what.find(words) != std::string::npos && what.find('\n') == std::string::npos;
  };
}
// A layout as debimg writes one.
void layout(const fs::path& dir) {
  fs::create_directories(dir / "blobs/sha256");
  write_file_atomic(dir / "oci-layout", R"({"imageLayoutVersion": "1.0.0"})");
  write_file_atomic(dir / "index.json", "{}");
  write_file_atomic(dir / "blobs/sha256" / std::string(64, 'a'), "blob");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(output_guard)

BOOST_AUTO_TEST_CASE(nothing_or_an_empty_target_is_fine) {
  TempDir work;
  BOOST_CHECK_NO_THROW(check_output_target(work.path() / "new", OutputFormat::oci, false));
  fs::create_directory(work.path() / "empty");
  BOOST_CHECK_NO_THROW(check_output_target(work.path() / "empty", OutputFormat::dir, false));
  write_file_atomic(work.path() / "empty.tar", "");
  BOOST_CHECK_NO_THROW(check_output_target(work.path() / "empty.tar", OutputFormat::rootfs_tar, false));
  BOOST_CHECK_EXCEPTION(check_output_target(work.path() / "no/out", OutputFormat::oci, false), Error,
                        says("its folder " + (work.path() / "no").string() + " does not exist"));
}

BOOST_AUTO_TEST_CASE(a_layout_of_debimgs_is_replaced_anything_more_is_refused) {
  TempDir work;
  const fs::path out = work.path() / "out";
  layout(out);
  BOOST_CHECK_NO_THROW(check_output_target(out, OutputFormat::oci, false));
  write_file_atomic(out / "notes.txt", "mine");
  BOOST_CHECK_EXCEPTION(check_output_target(out, OutputFormat::oci, false), Error,
                        says("is a folder that is no oci output of debimg's (it holds 'notes.txt'); debimg replaces only"));
  BOOST_CHECK_NO_THROW(check_output_target(out, OutputFormat::oci, true));
  fs::remove(out / "notes.txt");
  write_file_atomic(out / "blobs/sha256/not-a-digest", "x");
  BOOST_CHECK_EXCEPTION(check_output_target(out, OutputFormat::oci, false), Error, says("it holds 'blobs/sha256/not-a-digest'"));
  BOOST_CHECK_EXCEPTION(check_output_target(out, OutputFormat::oci_archive, false), Error,
                        says("is a folder, and --format oci-archive writes a file"));
  write_file_atomic(work.path() / "file", "mine");
  BOOST_CHECK_EXCEPTION(check_output_target(work.path() / "file", OutputFormat::dir, false), Error,
                        says("is a regular file, and --format dir writes a folder"));
}

BOOST_AUTO_TEST_CASE(a_dir_output_is_known_by_its_marker_for_that_folder) {
  TempDir work;
  const fs::path out = work.path() / "root", staged = work.path() / ".root.debimg-staged";
  fs::create_directory(staged);
  write_file_atomic(staged / "etc", "x");
  mark_dir_output(out, staged);
  fs::rename(staged, out);
  BOOST_TEST(fs::exists(work.path() / ".root.debimg"));
  BOOST_CHECK_NO_THROW(check_output_target(out, OutputFormat::dir, false));
  BOOST_CHECK_EXCEPTION(check_output_target(out, OutputFormat::oci, false), Error, says("it holds 'etc'"));
  // Another folder in its place, with the same contents: not the one debimg wrote.
  fs::rename(out, work.path() / "elsewhere");
  fs::create_directory(out);
  write_file_atomic(out / "etc", "x");
  BOOST_CHECK_EXCEPTION(check_output_target(out, OutputFormat::dir, false), Error, says("names another folder"));
  BOOST_CHECK_EXCEPTION(check_output_target(work.path() / "elsewhere", OutputFormat::dir, false), Error,
                        says("it has no debimg marker"));
}

BOOST_AUTO_TEST_CASE(archives_are_known_by_their_entries) {
  TempDir work;
  layout(work.path() / "layout");
  write_file_atomic(work.path() / "image.tar", "");
  write_layout_archive(work.path() / "layout", 0, work.path() / "image.tar");
  BOOST_CHECK_NO_THROW(check_output_target(work.path() / "image.tar", OutputFormat::oci_archive, false));
  BOOST_CHECK_EXCEPTION(check_output_target(work.path() / "image.tar", OutputFormat::docker_archive, false), Error,
                        says("no oci-layout, index.json and manifest.json"));
  BOOST_CHECK_EXCEPTION(check_output_target(work.path() / "image.tar", OutputFormat::rootfs_tar, false), Error,
                        says("its first entry is 'blobs', not ./"));
  write_file_atomic(work.path() / "notes.txt", "not a tar at all, just text");
  BOOST_CHECK_EXCEPTION(check_output_target(work.path() / "notes.txt", OutputFormat::oci_archive, false), Error,
                        says("(it is not a tar)"));
}

BOOST_AUTO_TEST_SUITE_END()
