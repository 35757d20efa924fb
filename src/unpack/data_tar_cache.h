#pragma once
// The data.tar of each .deb kept in the cache as zstd (level 1): unpacking a
// package again reads that instead of decompressing xz, which is most of
// what unpacking costs. Made on the side while a package is first unpacked
// (its decompressed bytes tapped, deb_reader.h), stored by its own SHA-256 in
// sha256/ and named by the .deb's in state/data-tar/<deb SHA-256>. Each copy
// ends with a zstd skippable frame naming its .deb, checked on use.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cache/cache.h"
#include "unpack/deb_reader.h"
#include "util/fd.h"
#include "util/zstd_stream.h"

namespace debimg {

class DataTarCache {
 public:
  explicit DataTarCache(const Cache& cache) : cache_(cache) {}

  // The stored data.tar.zst of the .deb with this SHA-256, after checking
  // its hash and that it was made from that .deb; nullopt when there is none
  // (or it was damaged, or refused: cache/cache.h).
  std::optional<std::filesystem::path> find(const std::string& deb_sha256) const;

  // Collects one package's data.tar; keep() stores it once the package has
  // unpacked completely. Dropped without keep(), it leaves nothing.
  class Writer {
   public:
    Writer(const Cache& cache, std::string deb_sha256);
    ~Writer();
    void write(const void* data, size_t size);
    void keep();

   private:
    const Cache& cache_;
    std::string deb_sha256_;
    std::filesystem::path temp_;
    UniqueFd fd_;
    std::unique_ptr<ZstdStream> zstd_;
  };
  std::unique_ptr<Writer> writer(const std::string& deb_sha256) const {
    return std::make_unique<Writer>(cache_, deb_sha256);
  }

  // How to read the .deb with this SHA-256: from its stored data.tar, or
  // from the .deb with its data.tar tapped into `keep` (made here), which
  // the caller keep()s once the whole .deb was read.
  DebReadOptions read_options(const std::string& deb_sha256, std::unique_ptr<Writer>& keep) const;

  // The state/ folder naming each .deb's copy, by the .deb's SHA-256 (cache
  // prune keeps the copies of the kept .debs).
  static constexpr const char* kStateFolder = "data-tar";
  static std::string state_name(const std::string& deb_sha256) { return std::string(kStateFolder) + "/" + deb_sha256; }

 private:
  const Cache& cache_;
};

}  // namespace debimg
