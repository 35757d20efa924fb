#include "util/sha256.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

namespace debimg {

void Digest::Free::operator()(evp_md_ctx_st* ctx) const { EVP_MD_CTX_free(ctx); }

Digest::Digest(const evp_md_st* algorithm) : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), algorithm, nullptr) != 1)
    throw Error("cannot initialise a digest (OpenSSL)");
}

void Digest::update(const void* data, size_t size) {
  if (EVP_DigestUpdate(ctx_.get(), data, size) != 1) throw Error("digest update failed (OpenSSL)");
}

std::string Digest::bytes() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), digest, &length) != 1) throw Error("digest final failed (OpenSSL)");
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Digest::hex() {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes()) {
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 0xf];
  }
  return out;
}

Sha256::Sha256() : Digest(EVP_sha256()) {}
Md5::Md5() : Digest(EVP_md5()) {}
Sha1::Sha1() : Digest(EVP_sha1()) {}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.hex();
}

std::string sha256_file(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw Error("cannot read " + path.string() + ": " + errno_text(errno));
  return sha256_fd(fd.get(), path.string());
}

std::string sha256_fd(int fd, const std::string& what) {
  Sha256 hash;
  std::string buffer(1 << 16, '\0');
  while (true) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("cannot read " + what + ": " + errno_text(errno));
    }
    if (n == 0) break;
    hash.update(buffer.data(), static_cast<size_t>(n));
  }
  return hash.hex();
}

}  // namespace debimg
