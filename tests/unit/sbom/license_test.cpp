// DEP-5 copyright files (sbom/dep5.h) and their licences as SPDX expressions (sbom/spdx_license.h).
#include <boost/test/unit_test.hpp>

#include "sbom/dep5.h"
#include "sbom/spdx_license.h"

using namespace debimg;

namespace {

const char* kDep5 = R"(Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: example
Source: https://example.org

Files: *
Copyright: 2001 Someone
License: GPL-2+
 This program is free software; you can redistribute it
 .
 License: not a field, a continuation line

Files: lib/*
Copyright: 2003 Someone Else
License: BSD-3-clause or Expat

Files: debian/*
Copyright: 2005 A Maintainer
License: GPL-2+

License: BSD-3-clause
 Redistribution and use in source and binary forms ...
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(dep5)

BOOST_AUTO_TEST_CASE(files_paragraphs_give_their_license_short_names_once) {
  const auto l = dep5_licenses(kDep5);
  BOOST_TEST(l.size() == 2u);
  BOOST_TEST(l.at(0) == "GPL-2+");
  BOOST_TEST(l.at(1) == "BSD-3-clause or Expat");
}

BOOST_AUTO_TEST_CASE(http_format_url_is_dep5_too) {
  BOOST_TEST(dep5_licenses("Format: http://www.debian.org/doc/packaging-manuals/copyright-format/1.0\n\nFiles: *\nLicense: Zlib\n").size() == 1u);
}

BOOST_AUTO_TEST_CASE(free_form_copyright_is_not_dep5) {
  BOOST_TEST(dep5_licenses("This is Debian's prepackaged version of foo.\n\nLicense: GPL-2\n").empty());
  BOOST_TEST(dep5_licenses("").empty());
  // A Format: that names another format is not DEP-5 either.
  BOOST_TEST(dep5_licenses("Format: something-else\n\nFiles: *\nLicense: MIT\n").empty());
}

BOOST_AUTO_TEST_CASE(debian_names_become_spdx_ids) {
  BOOST_TEST(spdx_license("GPL-2+").expression == "GPL-2.0-or-later");
  BOOST_TEST(spdx_license("GPL-2").expression == "GPL-2.0-only");
  BOOST_TEST(spdx_license("LGPL-2.1+").expression == "LGPL-2.1-or-later");
  BOOST_TEST(spdx_license("Expat").expression == "MIT");
  BOOST_TEST(spdx_license("BSD-3-clause or Expat").expression == "BSD-3-Clause OR MIT");
  BOOST_TEST(spdx_license("GPL-2+ and zlib").expression == "GPL-2.0-or-later AND Zlib");
  BOOST_TEST(spdx_license("GPL-2+ or Artistic").refs.empty());
}

BOOST_AUTO_TEST_CASE(other_names_become_license_refs) {
  const SpdxLicense pd = spdx_license("public-domain");
  BOOST_TEST(pd.expression == "LicenseRef-public-domain");
  BOOST_TEST(pd.refs.at("LicenseRef-public-domain").count("public-domain") == 1u);
  const SpdxLicense mixed = spdx_license("GPL-2+ or custom_licence");
  BOOST_TEST(mixed.expression == "GPL-2.0-or-later OR LicenseRef-custom-licence");
  // What cannot be read safely as an expression is kept whole.
  const SpdxLicense with = spdx_license("GPL-2+ with OpenSSL exception");
  BOOST_TEST(with.expression == "LicenseRef-GPL-2--with-OpenSSL-exception");
  BOOST_TEST(spdx_license("GPL-2+, and BSD-3-clause").expression.rfind("LicenseRef-", 0) == 0);
  BOOST_TEST(spdx_license("GPL-2+ or").expression.rfind("LicenseRef-", 0) == 0);
}

BOOST_AUTO_TEST_CASE(paragraphs_are_joined_with_and) {
  BOOST_TEST(spdx_license(std::vector<std::string>{"GPL-2+", "BSD-3-clause or Expat"}).expression ==
             "(BSD-3-Clause OR MIT) AND GPL-2.0-or-later");
  BOOST_TEST(spdx_license(std::vector<std::string>{}).expression.empty());
}

BOOST_AUTO_TEST_SUITE_END()
