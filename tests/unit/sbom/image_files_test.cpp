// Reading an image's files from its layers (sbom/layer_files.h), its dpkg
// status (sbom/dpkg_status.h) and control fields (sbom/package_metadata.h).
#include <archive.h>
#include <archive_entry.h>

#include <boost/test/unit_test.hpp>

#include "sbom/dpkg_status.h"
#include "sbom/layer_files.h"
#include "sbom/package_metadata.h"
#include "util/archive_handle.h"
#include "util/error.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

struct Entry {
  std::string path, content, link;
};

// A layer tar with `filter` ("gzip", "zstd" or "" for none).
fs::path layer(const fs::path& dir, const std::string& name, const std::string& filter, const std::vector<Entry>& entries) {
  const fs::path file = dir / name;
  ArchiveWriter a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  if (filter == "gzip") archive_write_add_filter_gzip(a.get());
  if (filter == "zstd") archive_write_add_filter_zstd(a.get());
  BOOST_REQUIRE(archive_write_open_filename(a.get(), file.c_str()) == ARCHIVE_OK);
  for (const Entry& e : entries) {
    ArchiveEntry entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), e.path.c_str());
    if (!e.link.empty()) {
      archive_entry_set_filetype(entry.get(), AE_IFLNK);
      archive_entry_set_symlink(entry.get(), e.link.c_str());
    } else {
      archive_entry_set_filetype(entry.get(), AE_IFREG);
      archive_entry_set_size(entry.get(), static_cast<la_int64_t>(e.content.size()));
    }
    archive_entry_set_perm(entry.get(), 0644);
    BOOST_REQUIRE(archive_write_header(a.get(), entry.get()) == ARCHIVE_OK);
    if (!e.content.empty()) archive_write_data(a.get(), e.content.data(), e.content.size());
  }
  archive_write_close(a.get());
  return file;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(image_files)

BOOST_AUTO_TEST_CASE(later_layers_win_and_whiteouts_remove) {
  TempDir dir;
  const auto one = layer(dir.path(), "one", "gzip",
                         {{"./var/lib/dpkg/status", "old", ""},
                          {"usr/share/doc/a/copyright", "A", ""},
                          {"usr/share/doc/b/copyright", "B", ""},
                          {"usr/share/doc/c/copyright", "C", ""},
                          {"usr/share/doc/libx", "", "x-base"},
                          {"usr/bin/ignored", "not kept", ""}});
  const auto two = layer(dir.path(), "two", "zstd",
                         {{"var/lib/dpkg/status", "new", ""},
                          {"usr/share/doc/.wh.b", "", ""},
                          {"usr/share/doc/c/.wh..wh..opq", "", ""},
                          {"etc/os-release", "", "../usr/lib/os-release"},
                          {"usr/lib/os-release", "ID=debian\n", ""}});
  const LayerFiles files = read_layer_files({{"sha256:1", one}, {"sha256:2", two}}, "image");
  BOOST_TEST(files.at("var/lib/dpkg/status").content == "new");
  BOOST_TEST(files.at("usr/share/doc/a/copyright").content == "A");
  BOOST_TEST(files.count("usr/share/doc/b/copyright") == 0u);
  BOOST_TEST(files.count("usr/share/doc/c/copyright") == 0u);
  BOOST_TEST(files.at("usr/share/doc/libx").symlink);
  BOOST_TEST(files.at("usr/share/doc/libx").content == "x-base");
  BOOST_TEST(files.at("etc/os-release").symlink);
  BOOST_TEST(files.at("usr/lib/os-release").content == "ID=debian\n");
  BOOST_TEST(files.count("usr/bin/ignored") == 0u);
}

BOOST_AUTO_TEST_CASE(an_entry_escaping_the_root_is_refused) {
  TempDir dir;
  const auto bad = layer(dir.path(), "bad", "", {{"../../etc/passwd", "x", ""}});
  BOOST_CHECK_THROW(read_layer_files({{"sha256:1", bad}}, "image"), Error);
}

BOOST_AUTO_TEST_CASE(status_lists_installed_packages_only) {
  const std::string status =
      "Package: a\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\n"
      "Package: b\nStatus: deinstall ok config-files\nVersion: 2.0\nArchitecture: amd64\n\n"
      "Package: c\nStatus: install ok half-installed\nVersion: 3.0\nArchitecture: all\n\n\n"
      "Package: d\nStatus: install ok installed\nVersion: 4.0\nArchitecture: all\nDepends: a (>= 1), e | c\n";
  const auto installed = installed_packages(status, "status");
  BOOST_TEST(installed.size() == 2u);
  BOOST_TEST(installed.at(1).get("Package") == "d");
  BOOST_TEST(installed.at(1).names("Depends") == (std::vector<std::string>{"a", "e", "c"}));
}

BOOST_AUTO_TEST_CASE(source_field_gives_name_and_version) {
  SbomPackage p;
  p.name = "libc6";
  p.version = "2.36-9+deb12u10";
  ControlFile c;
  c.fields = {{"Package", "libc6"}, {"Source", "glibc"}, {"Maintainer", "GNU Libc Maintainers <debian-glibc@lists.debian.org>"}};
  apply_control(p, c, "libc6");
  BOOST_TEST(p.source == "glibc");
  BOOST_TEST(p.source_version == "2.36-9+deb12u10");
  BOOST_TEST(p.maintainer == "GNU Libc Maintainers <debian-glibc@lists.debian.org>");
  c.fields = {{"Source", "gcc-12 (12.2.0-14)"}};
  apply_control(p, c, "libgcc-s1");
  BOOST_TEST(p.source == "gcc-12");
  BOOST_TEST(p.source_version == "12.2.0-14");
  c.fields = {};
  apply_control(p, c, "x");
  BOOST_TEST(p.source == "libc6");
  c.fields = {{"Source", "Bad_Name"}};
  BOOST_CHECK_THROW(apply_control(p, c, "x"), Error);
  c.fields = {{"Source", "ok (not a version!)"}};
  BOOST_CHECK_THROW(apply_control(p, c, "x"), Error);
  c.fields = {{"Maintainer", "A\x01 B"}};
  BOOST_CHECK_THROW(apply_control(p, c, "x"), Error);
}

BOOST_AUTO_TEST_CASE(doc_links_name_packages) {
  BOOST_TEST(doc_link_package("gcc-12-base") == "gcc-12-base");
  BOOST_TEST(doc_link_package("../doc/libfoo1/") == "libfoo1");
  BOOST_TEST(doc_link_package("../Bad_Name") == "");
}

BOOST_AUTO_TEST_SUITE_END()
