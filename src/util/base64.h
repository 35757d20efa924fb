#pragma once
// Standard base64 (OpenSSL's EVP codec), without line breaks.
#include <optional>
#include <string>

namespace debimg {

std::string base64_encode(const std::string& bytes);
// nullopt when `text` is not valid base64.
std::optional<std::string> base64_decode(const std::string& text);

}  // namespace debimg
