#include "util/sha256.h"

#include <openssl/evp.h>

#include "util/error.h"

namespace debimg {

void Digest::Free::operator()(evp_md_ctx_st* ctx) const { EVP_MD_CTX_free(ctx); }

Digest::Digest(const evp_md_st* algorithm) : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), algorithm, nullptr) != 1)
    throw Error("cannot initialise a digest (OpenSSL)");
}

void Digest::update(const void* data, size_t size) {
  if (EVP_DigestUpdate(ctx_.get(), data, size) != 1) throw Error("digest update failed (OpenSSL)");
}

std::string Digest::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), digest, &length) != 1) throw Error("digest final failed (OpenSSL)");
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += digits[digest[i] >> 4];
    out += digits[digest[i] & 0xf];
  }
  return out;
}

Sha256::Sha256() : Digest(EVP_sha256()) {}
Md5::Md5() : Digest(EVP_md5()) {}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.hex();
}

}  // namespace debimg
