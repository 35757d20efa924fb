#include <boost/test/unit_test.hpp>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>

#include "unpack/control_file.h"
#include "unpack/deb_reader.h"
#include "unpack/dpkg_database.h"
#include "unpack/tree_writer.h"
#include "util/error.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {
bool mentions(const Error& e, const std::string& words) { return std::string(e.what()).find(words) != std::string::npos; }
}  // namespace

BOOST_AUTO_TEST_SUITE(unpack)

BOOST_AUTO_TEST_CASE(tar_paths_are_normalised_and_refused) {
  BOOST_TEST(normalise_tar_path("./usr/bin/", "p") == "usr/bin");
  BOOST_TEST(normalise_tar_path("./", "p") == "");
  BOOST_TEST(normalise_tar_path("usr//share/./doc", "p") == "usr/share/doc");
  BOOST_CHECK_EXCEPTION(normalise_tar_path("./usr/../../etc/passwd", "p"), Error,
                        [](const Error& e) { return mentions(e, "p: entry './usr/../../etc/passwd' has a '..' component"); });
  BOOST_CHECK_EXCEPTION(normalise_tar_path("/etc/passwd", "p"), Error,
                        [](const Error& e) { return mentions(e, "has an absolute path"); });
}

BOOST_AUTO_TEST_CASE(control_fields_keep_order_and_text) {
  ControlFile c = parse_control(
      "Package: a\nVersion: 1\nArchitecture: all\nReplaces: b (<< 2), c:any\nDescription: x\n long\n .\n more\n", "a");
  BOOST_TEST(c.fields.size() == 5u);
  BOOST_TEST(c.get("description") == "x\n long\n .\n more");
  BOOST_TEST(c.names("Replaces") == (std::vector<std::string>{"b", "c"}));
  BOOST_CHECK_EXCEPTION(parse_control("Package: a\n", "a"), Error, [](const Error& e) { return mentions(e, "lacks"); });
}

BOOST_AUTO_TEST_CASE(status_fields_in_dpkg_order) {
  UnpackedPackage p;
  p.control = parse_control(
      "Package: a\nVersion: 1.0\nArchitecture: amd64\nMaintainer: m\nDepends: b\nPriority: required\n"
      "Essential: yes\nX-Custom: z\nDescription: d\n",
      "a");
  p.conffiles = {"/etc/a.conf"};
  BOOST_TEST(status_stanza(p, "install ok unpacked") ==
             "Package: a\nEssential: yes\nStatus: install ok unpacked\nPriority: required\nMaintainer: m\n"
             "Architecture: amd64\nVersion: 1.0\nDepends: b\nConffiles:\n /etc/a.conf newconffile\nDescription: d\n"
             "X-Custom: z\n");
}

BOOST_AUTO_TEST_CASE(tree_writer_follows_links_inside_and_refuses_escapes) {
  TempDir dir;
  fs::create_directories(dir.path() / "root/usr/bin");
  fs::create_directory_symlink("usr/bin", dir.path() / "root/bin");
  fs::create_directory_symlink("/usr", dir.path() / "root/abs");  // absolute: inside the root, as in a chroot
  fs::create_directory_symlink("../../..", dir.path() / "root/usr/up");
  TreeWriter tree(dir.path() / "root");
  BOOST_TEST(tree.parent_of("bin/bash").physical() == "usr/bin/bash");
  BOOST_TEST(tree.parent_of("abs/bin/sh").physical() == "usr/bin/sh");
  BOOST_TEST(tree.physical_path("bin") == "usr/bin");
  BOOST_CHECK_EXCEPTION(tree.parent_of("usr/up/etc/passwd"), Error, [](const Error& e) { return mentions(e, "leads outside the tree"); });
  tree.write_file("abs/share/x", "hello");
  BOOST_TEST(read_file(dir.path() / "root/usr/share/x") == "hello");
  BOOST_TEST(!fs::exists(dir.path() / "etc"));
}

BOOST_AUTO_TEST_SUITE_END()

// dpkg's database as debimg writes it. dpkg names a Multi-Arch: same
// package NAME:ARCH in the trigger interest
// files, as in info/, and others by name alone.
BOOST_AUTO_TEST_SUITE(dpkg_database)

BOOST_AUTO_TEST_CASE(interests_name_multi_arch_same_packages_with_their_architecture) {
  TempDir dir;
  fs::create_directories(dir.path() / "root");
  TreeWriter tree(dir.path() / "root");
  FileTable table;
  UnpackedPackage libc;
  libc.name = "libc-bin";
  libc.version = "2.36-9";
  libc.architecture = "amd64";
  libc.info["triggers"] = "interest-noawait ldconfig\n";
  UnpackedPackage glib;
  glib.name = "libglib2.0-0";
  glib.version = "2.74.6-2";
  glib.architecture = "amd64";
  glib.multi_arch_same = true;
  glib.info["triggers"] = "# comment\ninterest-noawait /usr/lib/x86_64-linux-gnu/gio/modules\ninterest ldconfig\n";
  write_dpkg_database(tree, table, {libc, glib}, "amd64", {});
  BOOST_TEST(read_file(dir.path() / "root/var/lib/dpkg/triggers/File") ==
             "/usr/lib/x86_64-linux-gnu/gio/modules libglib2.0-0:amd64/noawait\n");
  BOOST_TEST(read_file(dir.path() / "root/var/lib/dpkg/triggers/ldconfig") == "libc-bin/noawait\nlibglib2.0-0:amd64\n");
  BOOST_TEST(fs::exists(dir.path() / "root/var/lib/dpkg/info/libglib2.0-0:amd64.triggers"));
}

// apt's extended_states: what apt installed as a dependency is automatic;
// the essential set and its dependencies came before apt, so apt has no
// record of them; Architecture: all reads as the native architecture.
BOOST_AUTO_TEST_CASE(extended_states_as_apt_records_them) {
  TempDir dir;
  fs::create_directories(dir.path() / "root");
  TreeWriter tree(dir.path() / "root");
  FileTable table;
  auto package = [](const std::string& name, const std::string& arch, const std::string& fields) {
    UnpackedPackage p;
    p.name = name;
    p.version = "1";
    p.architecture = arch;
    p.control = parse_control("Package: " + name + "\nVersion: 1\nArchitecture: " + arch + "\n" + fields, name);
    return p;
  };
  write_dpkg_database(tree, table,
                      {package("base-files", "amd64", "Essential: yes\nDepends: libc6\n"), package("libc6", "amd64", ""),
                       package("apache2", "amd64", "Depends: apache2-data\n"), package("apache2-data", "all", ""),
                       package("libfoo", "amd64", "")},
                      "amd64", {"apache2"});
  BOOST_TEST(read_file(dir.path() / "root/var/lib/apt/extended_states") ==
             "Package: apache2-data\nArchitecture: amd64\nAuto-Installed: 1\n\n"
             "Package: libfoo\nArchitecture: amd64\nAuto-Installed: 1\n\n");
}

BOOST_AUTO_TEST_SUITE_END()
