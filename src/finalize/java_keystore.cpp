#include "finalize/java_keystore.h"

#include <fcntl.h>
#include <unistd.h>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/sha256.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

constexpr uint32_t kMagic = 0xFEEDFEED;
constexpr size_t kTrailer = 20;  // SHA-1
constexpr uint64_t kMaxStore = 64u << 20;

// A big-endian reader over the store that throws on reading past the end.
struct Reader {
  const std::string& s;
  size_t at = 0;
  size_t end;
  uint64_t number(int bytes) {
    if (end - at < static_cast<size_t>(bytes)) throw Error("truncated");
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = v << 8 | static_cast<unsigned char>(s[at++]);
    return v;
  }
  void skip(uint64_t n) {
    if (end - at < n) throw Error("truncated");
    at += static_cast<size_t>(n);
  }
  void skip_utf() { skip(number(2)); }
  void skip_certificate(uint32_t version) {
    if (version == 2) skip_utf();  // the certificate type, "X.509"
    skip(number(4));
  }
};

// The keyed SHA-1 of JKS: the password as UTF-16BE, "Mighty Aphrodite", the data.
std::string trailer(const std::string& data, size_t size, const std::string& password) {
  std::string key;
  for (const char c : password) key += std::string{'\0', c};
  Sha1 h;
  h.update(key);
  h.update("Mighty Aphrodite");
  h.update(data.data(), size);
  return h.bytes();
}

}  // namespace

std::optional<std::string> jks_with_dates(const std::string& store, int64_t epoch_ms, const std::string& password) {
  if (store.size() < 12 + kTrailer) return std::nullopt;
  const size_t body = store.size() - kTrailer;
  if (trailer(store, body, password) != store.substr(body)) return std::nullopt;
  std::string out = store;
  try {
    Reader r{store, 0, body};
    const uint32_t magic = static_cast<uint32_t>(r.number(4)), version = static_cast<uint32_t>(r.number(4));
    if (magic != kMagic || (version != 1 && version != 2)) return std::nullopt;
    for (uint64_t n = r.number(4); n > 0; --n) {
      const uint64_t tag = r.number(4);
      r.skip_utf();  // the alias
      const size_t date = r.at;
      r.skip(8);
      for (size_t i = 0; i < 8; ++i) out[date + i] = static_cast<char>(static_cast<uint64_t>(epoch_ms) >> (56 - 8 * i) & 0xff);
      if (tag == 1) {  // a private key and its chain
        r.skip(r.number(4));
        for (uint64_t c = r.number(4); c > 0; --c) r.skip_certificate(version);
      } else if (tag == 2) {  // a trusted certificate
        r.skip_certificate(version);
      } else {
        return std::nullopt;
      }
    }
    if (r.at != body) return std::nullopt;
  } catch (const Error&) {
    return std::nullopt;
  }
  out.replace(body, kTrailer, trailer(out, body, password));
  return out;
}

int pin_java_keystores(int root, int64_t source_date_epoch) {
  int pinned = 0;
  for (const char* path : {"etc/ssl/certs/java/cacerts"}) {
    const std::optional<std::string> read = read_file_in_tree(root, path, kMaxStore);
    if (!read || read->empty()) continue;
    const std::string& store = *read;
    const std::optional<std::string> fixed = jks_with_dates(store, source_date_epoch * 1000, "changeit");
    if (!fixed || *fixed == store) continue;
    // In place: the file keeps its owner and mode.
    UniqueFd fd = open_in_tree(root, path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    if (!fd) throw Error(std::string("cannot rewrite /") + path + ": " + errno_text(errno));
    write_all(fd.get(), fixed->data(), fixed->size(), std::string("/") + path);
    ++pinned;
  }
  return pinned;
}

}  // namespace debimg
