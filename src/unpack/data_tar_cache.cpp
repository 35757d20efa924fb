#include "unpack/data_tar_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <sstream>

#include "util/error.h"
#include "util/files.h"
#include "validate/identifiers.h"

namespace fs = std::filesystem;

namespace debimg {

std::optional<fs::path> DataTarCache::find(const std::string& deb_sha256) const {
  std::string text;
  try {
    text = read_file(cache_.state_path(state_name(deb_sha256)));
  } catch (const Error&) {
    return std::nullopt;
  }
  std::istringstream in(text);
  std::string sha256;
  uint64_t size = 0;
  if (!(in >> sha256 >> size) || !is_sha256(sha256)) return std::nullopt;  // damaged: made again
  return cache_.find_verified(sha256, size);
}

DataTarCache::Writer::Writer(const Cache& cache, std::string deb_sha256)
    : cache_(cache), deb_sha256_(std::move(deb_sha256)), temp_(cache.new_temp_file("data-tar")) {
  fd_.reset(::open(temp_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!fd_) throw Error("cannot write " + temp_.string() + ": " + errno_text(errno));
  // Level 1 on the unpacking thread: packages unpack in parallel already.
  zstd_ = std::make_unique<ZstdStream>(
      [this](const void* d, size_t n) { write_all(fd_.get(), d, n, temp_.string()); }, 1, 0);
}

DataTarCache::Writer::~Writer() {
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void DataTarCache::Writer::write(const void* data, size_t size) { zstd_->write(data, size); }

void DataTarCache::Writer::keep() {
  zstd_->finish();
  fd_.reset();
  const std::string sha256 = sha256_file(temp_);
  const uint64_t size = fs::file_size(temp_);
  cache_.adopt(temp_, sha256);
  temp_.clear();
  fs::create_directories(cache_.state_path(kStateFolder));
  write_file_atomic(cache_.state_path(state_name(deb_sha256_)), sha256 + " " + std::to_string(size) + "\n");
}

}  // namespace debimg
