#pragma once
// Debian licence short names (DEP-5) as SPDX licence expressions. Names
// with an SPDX identifier become it (GPL-2+ → GPL-2.0-or-later, Expat →
// MIT); any other becomes LicenseRef-NAME, so the expression always parses
// (SPDX 2.3 annex D) and validators accept it.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace debimg {

struct SpdxLicense {
  std::string expression;  // "" when there is nothing to say (NOASSERTION)
  // The LicenseRef- identifiers it uses → the Debian names they stand for.
  std::map<std::string, std::set<std::string>> refs;
};

// One DEP-5 expression ("GPL-2+ or Artistic") as SPDX.
SpdxLicense spdx_license(const std::string& debian_expression);
// A package's: each Files paragraph's expression, joined with AND (sorted, each once).
SpdxLicense spdx_license(const std::vector<std::string>& debian_expressions);

}  // namespace debimg
