#pragma once
// SHA-256 with OpenSSL's EVP interface, incremental or in one call.
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace debimg {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  std::string hex();  // finishes the digest; lowercase hex

 private:
  struct Free { void operator()(evp_md_ctx_st* ctx) const; };
  std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

std::string sha256_hex(std::string_view data);

}  // namespace debimg
