#pragma once
// RFC 3986 percent-encoding: every byte outside the unreserved set
// (A-Z a-z 0-9 - . _ ~) as %XX, uppercase. Registry query parameters and
// package URLs use it.
#include <string>
#include <string_view>

namespace debimg {

std::string percent_encode(std::string_view text);

}  // namespace debimg
