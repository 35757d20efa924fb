#include "unpack/data_tar_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include "util/sha256.h"
#include "util/error.h"
#include "util/files.h"
#include "util/io_place.h"
#include "validate/identifiers.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

// A zstd skippable frame (RFC 8878, 3.1.2) at the end of each copy names the
// .deb it was made from: decoders skip it, and find() refuses a copy whose
// frame names another .deb, so no state file can point one package at
// another's contents.
std::string source_frame(const std::string& deb_sha256) {
  const std::string payload = "debimg data.tar of " + deb_sha256 + "\n";
  std::string frame;
  for (uint32_t word : {0x184D2A5Eu, static_cast<uint32_t>(payload.size())})
    for (int byte = 0; byte < 4; ++byte) frame += static_cast<char>((word >> (8 * byte)) & 0xff);
  return frame + payload;
}

bool ends_with_frame(const fs::path& copy, const std::string& frame) {
  UniqueFd fd(::open(copy.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st{};
  if (!fd || ::fstat(fd.get(), &st) != 0 || st.st_size < static_cast<off_t>(frame.size())) return false;
  std::string tail(frame.size(), '\0');
  return ::pread(fd.get(), tail.data(), tail.size(), st.st_size - static_cast<off_t>(frame.size())) ==
             static_cast<ssize_t>(tail.size()) &&
         tail == frame;
}

}  // namespace

std::optional<fs::path> DataTarCache::find(const std::string& deb_sha256) const {
  auto text = cache_.read_state(state_name(deb_sha256));
  if (!text) return std::nullopt;
  // "<copy SHA-256> <size> <.deb SHA-256>": anything else is damaged, made again.
  std::istringstream in(*text);
  std::string sha256, source;
  uint64_t size = 0;
  if (!(in >> sha256 >> size >> source) || !is_sha256(sha256) || source != deb_sha256) return std::nullopt;
  auto copy = cache_.find_verified(sha256, size);
  if (!copy || !ends_with_frame(*copy, source_frame(deb_sha256))) return std::nullopt;
  return copy;
}

DebReadOptions DataTarCache::read_options(const std::string& deb_sha256, std::unique_ptr<Writer>& keep) const {
  DebReadOptions options;
  if (auto stored = find(deb_sha256)) {
    options.data_tar = *stored;
  } else {
    keep = writer(deb_sha256);
    options.data_tap = [w = keep.get()](const void* d, size_t n) { w->write(d, n); };
  }
  return options;
}

DataTarCache::Writer::Writer(const Cache& cache, std::string deb_sha256)
    : cache_(cache), deb_sha256_(std::move(deb_sha256)), temp_(cache.new_temp_file("data-tar")) {
  fd_.reset(::open(temp_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!fd_) throw Error(io_failure("write", temp_, errno));
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
  const std::string frame = source_frame(deb_sha256_);
  write_all(fd_.get(), frame.data(), frame.size(), temp_.string());
  fd_.reset();
  const std::string sha256 = sha256_file(temp_);
  const uint64_t size = fs::file_size(temp_);
  cache_.adopt(temp_, sha256);
  temp_.clear();
  fs::create_directories(cache_.state_path(kStateFolder));
  write_file_atomic(cache_.state_path(state_name(deb_sha256_)), sha256 + " " + std::to_string(size) + " " + deb_sha256_ + "\n");
}

}  // namespace debimg
