#pragma once
// What the pieces of the ld.so.cache writer share: which ldconfig they
// copy and the library flags of glibc's sysdeps/generic/ldconfig.h.
#include <cstdint>
#include <optional>
#include <string>

namespace debimg {

// The glibc releases whose ldconfig debimg reproduces byte for byte
// (Debian bookworm's 2.36, trixie's 2.41); they differ in legacy hwcap
// folders, library types and which files they skip.
enum class LdconfigDialect { glibc_2_36, glibc_2_41 };

constexpr int kLdFlagAny = -1;
constexpr int kLdFlagLibc4 = 0x0000;
constexpr int kLdFlagElf = 0x0001;
constexpr int kLdFlagElfLibc5 = 0x0002;
constexpr int kLdFlagElfLibc6 = 0x0003;
constexpr int kLdFlagX8664Lib64 = 0x0300;
constexpr int kLdFlagX8664Libx32 = 0x0800;

// What ldconfig's process_file learns from one library.
struct LdLibraryInfo {
  int flag = kLdFlagAny;
  unsigned isa_level = 0;               // from GNU_PROPERTY_X86_ISA_1_NEEDED
  std::optional<std::string> soname;    // DT_SONAME (an a.out library's made-up one)
};

}  // namespace debimg
