#pragma once
// Message digests with OpenSSL's EVP interface, incremental or in one call:
// SHA-256 for everything debimg verifies, MD5 for dpkg's md5sums, SHA-1
// for a Java keystore's trailer.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;
struct evp_md_st;

namespace debimg {

class Digest {
 public:
  void update(const void* data, size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  std::string hex();    // finishes the digest; lowercase hex
  std::string bytes();  // finishes the digest; the raw bytes

 protected:
  explicit Digest(const evp_md_st* algorithm);

 private:
  struct Free { void operator()(evp_md_ctx_st* ctx) const; };
  std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

class Sha256 : public Digest {
 public:
  Sha256();
};

class Md5 : public Digest {
 public:
  Md5();
};

// Only for formats that are made of it (a Java keystore's integrity check).
class Sha1 : public Digest {
 public:
  Sha1();
};

std::string sha256_hex(std::string_view data);
// SHA-256 of a file's content, streamed.
std::string sha256_file(const std::filesystem::path& path);
// SHA-256 of what remains to be read from `fd`; `what` names it in errors.
std::string sha256_fd(int fd, const std::string& what);

}  // namespace debimg
