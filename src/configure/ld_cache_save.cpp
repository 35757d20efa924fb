// LdCacheFile::bytes: cache.c's save_cache and write_extensions for the
// new format only (ldconfig's default), little endian.
#include <string_view>

#include "configure/ld_cache_file.h"
#include "util/error.h"

namespace debimg {

namespace {

constexpr std::string_view kMagic = "glibc-ld.so.cache1.1";
constexpr uint32_t kHeaderSize = 48, kEntrySize = 24;
constexpr uint8_t kFlagsLittleEndian = 2;
constexpr uint32_t kExtensionMagic = static_cast<uint32_t>(-358342284);
constexpr uint32_t kTagGenerator = 0, kTagGlibcHwcaps = 1;
constexpr uint32_t kSectionSize = 16;
constexpr uint32_t kExtensionSize = 8 + 2 * kSectionSize;  // room for every known tag
constexpr uint64_t kHwcapExtension = uint64_t{1} << 62;
constexpr unsigned kIsaLevelMask = (1U << 10) - 1;

void put32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void put64(std::string& out, uint64_t v) {
  put32(out, static_cast<uint32_t>(v));
  put32(out, static_cast<uint32_t>(v >> 32));
}

}  // namespace

std::string LdCacheFile::bytes(const std::string& generator) const {
  std::vector<uint32_t> index(subdirs_.size());
  const std::vector<uint32_t> used = hwcaps_order();
  for (uint32_t i = 0; i < used.size(); ++i) index[used[i]] = i;
  const LdCacheStrings::Finalized table = strings_.finalize();
  const uint64_t str_offset = kHeaderSize + uint64_t{kEntrySize} * entries_.size();
  const uint64_t extension_offset = (str_offset + table.bytes.size() + 3) / 4 * 4;
  if (extension_offset + kExtensionSize + 4 * used.size() + generator.size() > UINT32_MAX)
    throw Error("ld.so.cache would be larger than 4 GiB");

  std::string out(kMagic);
  put32(out, static_cast<uint32_t>(entries_.size()));
  put32(out, static_cast<uint32_t>(table.bytes.size()));
  out.push_back(static_cast<char>(kFlagsLittleEndian));
  out.append(3, '\0');
  put32(out, static_cast<uint32_t>(extension_offset));
  out.append(12, '\0');
  for (const Entry& e : entries_) {
    uint64_t hwcap = e.hwcap;
    if (e.hwcaps) {
      if (e.isa_level > kIsaLevelMask) throw Error(strings_.text(e.path) + ": ISA level too high for ld.so.cache");
      hwcap = kHwcapExtension | (uint64_t{e.isa_level} << 32) | index[*e.hwcaps];
    }
    put32(out, static_cast<uint32_t>(e.flags));
    put32(out, static_cast<uint32_t>(str_offset + table.offsets[e.lib]));
    put32(out, static_cast<uint32_t>(str_offset + table.offsets[e.path]));
    put32(out, 0);  // osversion_unused
    put64(out, hwcap);
  }
  out += table.bytes;
  out.resize(extension_offset, '\0');

  // The directory, then the hwcaps array, then the generator text (no NUL).
  const uint32_t hwcaps_offset = static_cast<uint32_t>(extension_offset) + kExtensionSize;
  const uint32_t hwcaps_size = static_cast<uint32_t>(4 * used.size());
  const uint32_t generator_offset = used.empty() ? hwcaps_offset - kSectionSize : hwcaps_offset + hwcaps_size;
  put32(out, kExtensionMagic);
  put32(out, used.empty() ? 1 : 2);
  for (uint32_t v : {kTagGenerator, 0U, generator_offset, static_cast<uint32_t>(generator.size())}) put32(out, v);
  if (!used.empty())
    for (uint32_t v : {kTagGlibcHwcaps, 0U, hwcaps_offset, hwcaps_size}) put32(out, v);
  for (uint32_t i : used) put32(out, static_cast<uint32_t>(str_offset + table.offsets[subdirs_[i].string]));
  out += generator;
  return out;
}

}  // namespace debimg
