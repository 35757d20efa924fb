#include "configure/ld_cache_strings.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "util/error.h"

namespace debimg {

uint32_t LdCacheStrings::add(std::string_view s) {
  auto [it, added] = ids_.try_emplace(std::string(s), static_cast<uint32_t>(strings_.size()));
  if (added) {
    if (s.size() > (1U << 30) || strings_.size() >= (1U << 30)) throw Error("ld.so.cache: string table too large");
    strings_.emplace_back(s);
  }
  return it->second;
}

namespace {

// finalize_compare: reversed strings in reverse lexicographic order (bytes
// unsigned), a string before its own suffixes.
bool reversed_before(const std::string& l, const std::string& r) {
  const size_t n = std::min(l.size(), r.size());
  for (size_t i = 1; i <= n; ++i) {
    const auto lc = static_cast<unsigned char>(l[l.size() - i]), rc = static_cast<unsigned char>(r[r.size() - i]);
    if (lc != rc) return lc > rc;
  }
  return l.size() > r.size();
}

}  // namespace

LdCacheStrings::Finalized LdCacheStrings::finalize() const {
  Finalized out;
  out.offsets.resize(strings_.size());
  if (strings_.empty()) return out;
  std::vector<uint32_t> order(strings_.size());
  std::iota(order.begin(), order.end(), 0U);
  // Distinct strings never compare equal, so the order is total and unique.
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return reversed_before(strings_[a], strings_[b]); });
  uint64_t end = 0;  // one past the last NUL written
  for (size_t j = 0; j < order.size(); ++j) {
    const std::string& cur = strings_[order[j]];
    if (j > 0) {
      const std::string& prev = strings_[order[j - 1]];
      const uint32_t prev_off = out.offsets[order[j - 1]];
      if (prev.size() >= cur.size() && std::memcmp(prev.data() + prev.size() - cur.size(), cur.data(), cur.size()) == 0) {
        out.offsets[order[j]] = prev_off + static_cast<uint32_t>(prev.size() - cur.size());
        continue;
      }
    }
    if (end + cur.size() + 1 > UINT32_MAX) throw Error("ld.so.cache: string table too large");
    out.offsets[order[j]] = static_cast<uint32_t>(end);
    out.bytes.append(cur).push_back('\0');
    end += cur.size() + 1;
  }
  return out;
}

}  // namespace debimg
