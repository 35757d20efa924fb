// Package URLs (sbom/purl.h) and the distro qualifier (sbom/distro.h).
#include "sbom/purl.h"

#include <boost/test/unit_test.hpp>

#include "sbom/distro.h"

using namespace debimg;

BOOST_AUTO_TEST_SUITE(purl)

BOOST_AUTO_TEST_CASE(epoch_colon_and_plus_are_percent_encoded) {
  BOOST_TEST(purl_encode("1:1.2.13.dfsg-1+deb12u1") == "1%3A1.2.13.dfsg-1%2Bdeb12u1");
  BOOST_TEST(purl_encode("2.36-9~bpo12") == "2.36-9~bpo12");  // unreserved: kept
  BOOST_TEST(purl_encode("a b/c?d#e&f=g") == "a%20b%2Fc%3Fd%23e%26f%3Dg");
}

BOOST_AUTO_TEST_CASE(deb_purl_has_sorted_qualifiers) {
  BOOST_TEST(deb_purl("debian", "apt", "2.6.1", "amd64", "debian-12") == "pkg:deb/debian/apt@2.6.1?arch=amd64&distro=debian-12");
  BOOST_TEST(deb_purl("Debian", "libstdc++6", "12.2.0-14", "amd64", "") == "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64");
  BOOST_TEST(deb_purl("debian", "zlib1g", "1:1.2.13.dfsg-1", "amd64", "debian-12") ==
             "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12");
}

BOOST_AUTO_TEST_CASE(oci_purl_encodes_the_digest_colon) {
  BOOST_TEST(oci_purl("minideb", "sha256:ab12") == "pkg:oci/minideb@sha256%3Aab12");
}

BOOST_AUTO_TEST_CASE(distro_from_codename_or_os_release) {
  BOOST_TEST(debian_version_of_codename("bookworm") == "12");
  BOOST_TEST(debian_version_of_codename("bookworm-security") == "12");
  BOOST_TEST(debian_version_of_codename("trixie") == "13");
  BOOST_TEST(debian_version_of_codename("sid") == "");
  BOOST_TEST(purl_distro("debian", "12") == "debian-12");
  BOOST_TEST(purl_distro("debian", "") == "");
  BOOST_TEST(purl_distro("debian", "12&arch=x") == "");  // hostile os-release
  const std::string os_release = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\nID=debian\n";
  BOOST_TEST(os_release_field(os_release, "VERSION_ID") == "12");
  BOOST_TEST(os_release_field(os_release, "ID") == "debian");
  BOOST_TEST(os_release_field(os_release, "VERSION") == "");
}

BOOST_AUTO_TEST_SUITE_END()
