#include "sbom/spdx_license.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace debimg {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The short names Debian's copyright files use most (copyright-format/1.0
// lists them), with their SPDX identifiers. Keys are lowercase.
const std::map<std::string, std::string>& known() {
  static const std::map<std::string, std::string> table = [] {
    std::map<std::string, std::string> t = {
        {"expat", "MIT"}, {"artistic", "Artistic-1.0-Perl"}, {"apache-2", "Apache-2.0"}, {"cc0", "CC0-1.0"},
        {"psf-2", "PSF-2.0"}, {"zpl-2.1", "ZPL-2.1"}, {"bsd-2-clause", "BSD-2-Clause"}, {"bsd-3-clause", "BSD-3-Clause"},
        {"bsd-4-clause", "BSD-4-Clause"},
    };
    // GNU licences: Debian's "GPL-2" is SPDX's GPL-2.0-only, "GPL-2+" GPL-2.0-or-later.
    for (const char* family : {"GPL", "LGPL", "AGPL", "GFDL"})
      for (const char* version : {"1", "1.0", "1.1", "1.2", "1.3", "2", "2.0", "2.1", "3", "3.0"}) {
        std::string v = version;
        if (v.size() == 1) v += ".0";
        const std::string id = std::string(family) + "-" + v;
        static const std::set<std::string> exists = {"GPL-1.0", "GPL-2.0", "GPL-3.0", "LGPL-2.0", "LGPL-2.1", "LGPL-3.0",
                                                      "AGPL-1.0", "AGPL-3.0", "GFDL-1.1", "GFDL-1.2", "GFDL-1.3"};
        if (!exists.count(id)) continue;
        const std::string name = lower(std::string(family) + "-" + version);
        t[name] = id + "-only";
        t[name + "+"] = id + "-or-later";
      }
    // SPDX identifiers that Debian writes as they are (compared without case).
    for (const char* id : {"MIT", "ISC", "Zlib", "Apache-2.0", "Apache-1.1", "Apache-1.0", "Artistic-2.0", "Artistic-1.0",
                           "MPL-1.1", "MPL-2.0", "CC0-1.0", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0",
                           "OpenSSL", "curl", "X11", "Unicode-DFS-2016", "BSL-1.0", "0BSD", "WTFPL", "Beerware", "FTL",
                           "OFL-1.1", "Sleepycat", "MIT-CMU", "NTP", "TCL", "Python-2.0", "PSF-2.0", "bzip2-1.0.6",
                           "EPL-1.0", "EPL-2.0", "CDDL-1.0", "Libpng", "libtiff", "IJG", "Unlicense", "BSD-1-Clause",
                           "HPND", "ICU", "Vim", "LPPL-1.3c", "SGI-B-2.0", "GPL-2.0-only", "GPL-2.0-or-later",
                           "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only",
                           "LGPL-3.0-or-later"})
      t[lower(id)] = id;
    return t;
  }();
  return table;
}

// idstring of SPDX 2.3 annex D: letters, digits, '.' and '-'.
std::string license_ref(const std::string& name) {
  std::string id;
  for (unsigned char c : name) id += std::isalnum(c) || c == '.' || c == '-' ? static_cast<char>(c) : '-';
  return "LicenseRef-" + id;
}

void add_ref(SpdxLicense& out, const std::string& name) {
  const std::string ref = license_ref(name);
  out.refs[ref].insert(name);
  out.expression = ref;
}

}  // namespace

SpdxLicense spdx_license(const std::string& debian_expression) {
  SpdxLicense out;
  std::istringstream words(debian_expression);
  std::vector<std::string> tokens;
  for (std::string w; words >> w;) tokens.push_back(w);
  if (tokens.empty()) return out;
  // NAME (or|and NAME)*, every NAME known: the SPDX expression says the
  // same. Anything else (commas, "with … exception", unknown names alone
  // are fine) is kept whole as one LicenseRef, so nothing is misread.
  std::string expression;
  std::map<std::string, std::set<std::string>> refs;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string word = lower(tokens[i]);
    if (i % 2 == 1) {
      if (word != "or" && word != "and") {
        add_ref(out, debian_expression);
        return out;
      }
      expression += word == "or" ? " OR " : " AND ";
      continue;
    }
    if (word == "or" || word == "and" || tokens[i].find_first_of(",()") != std::string::npos) {
      add_ref(out, debian_expression);
      return out;
    }
    const auto it = known().find(word);
    if (it != known().end()) {
      expression += it->second;
    } else {
      const std::string ref = license_ref(tokens[i]);
      refs[ref].insert(tokens[i]);
      expression += ref;
    }
  }
  if (tokens.size() % 2 == 0) {  // ends with an operator
    add_ref(out, debian_expression);
    return out;
  }
  out.expression = expression;
  out.refs = std::move(refs);
  return out;
}

SpdxLicense spdx_license(const std::vector<std::string>& debian_expressions) {
  std::set<std::string> parts;
  SpdxLicense out;
  for (const auto& e : debian_expressions) {
    SpdxLicense one = spdx_license(e);
    if (one.expression.empty()) continue;
    for (auto& [ref, names] : one.refs) out.refs[ref].insert(names.begin(), names.end());
    const bool compound = one.expression.find(' ') != std::string::npos;
    parts.insert(compound && debian_expressions.size() > 1 ? "(" + one.expression + ")" : one.expression);
  }
  for (const auto& p : parts) out.expression += (out.expression.empty() ? "" : " AND ") + p;
  return out;
}

}  // namespace debimg
