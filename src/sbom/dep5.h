#pragma once
// Machine-readable debian/copyright (DEP-5, copyright-format/1.0): the
// licence short names of its Files paragraphs.
#include <string>
#include <vector>

namespace debimg {

// The `License:` first lines of the Files paragraphs, in order, each once
// ("GPL-2+", "BSD-3-clause or Expat"); empty when the text is not DEP-5 (no
// Format: field naming copyright-format/1.0 in its first paragraph).
std::vector<std::string> dep5_licenses(const std::string& copyright);

}  // namespace debimg
