// tree_ldconfig_options (ld_so_cache.h): the tree's ldconfig binary read as
// data. Its generator text is a string literal in it; its tail names the
// glibc version, which picks the dialect.
#include <elf.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

#include "configure/ld_so_cache.h"
#include "util/error.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

constexpr uint64_t kMaxLdconfigSize = 64 << 20;
constexpr std::string_view kReleaseVersion = " release version ";

// The NUL-delimited printable string around each " release version " that
// starts with "ldconfig ": glibc's generator literal.
std::optional<std::string> generator_in(const std::string& binary) {
  for (size_t at = binary.find(kReleaseVersion); at != std::string::npos; at = binary.find(kReleaseVersion, at + 1)) {
    size_t begin = at, end = at;
    while (begin > 0 && binary[begin - 1] != '\0' && at - begin < 256) --begin;
    while (end < binary.size() && binary[end] != '\0' && end - at < 256) ++end;
    const std::string s = binary.substr(begin, end - begin);
    const bool printable = std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
    if (printable && s.rfind("ldconfig ", 0) == 0 && (begin == 0 || binary[begin - 1] == '\0')) return s;
  }
  return std::nullopt;
}

}  // namespace

LdCacheOptions tree_ldconfig_options(int root_fd) {
  std::optional<std::string> binary;
  std::string path;
  for (const char* candidate : {"sbin/ldconfig", "usr/sbin/ldconfig"})
    if ((binary = read_file_in_tree(root_fd, path = candidate, kMaxLdconfigSize))) break;
  if (!binary) throw Error("the tree has no /sbin/ldconfig to take the ld.so.cache format from");
  Elf64_Ehdr eh;
  if (binary->size() < sizeof eh) throw Error("/" + path + " in the tree is not an ELF program");
  std::memcpy(&eh, binary->data(), sizeof eh);
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64)
    throw Error("/" + path + " in the tree is not an x86-64 program: debimg writes ld.so.cache for amd64 trees only");
  const auto generator = generator_in(*binary);
  if (!generator) throw Error("/" + path + " in the tree names no glibc version");
  const std::string version = generator->substr(generator->find(kReleaseVersion) + kReleaseVersion.size());
  LdCacheOptions options;
  options.generator = *generator;
  if (version == "2.36")
    options.dialect = LdconfigDialect::glibc_2_36;
  else if (version == "2.41")
    options.dialect = LdconfigDialect::glibc_2_41;
  else
    throw Error("/" + path + " in the tree is glibc " + version + "'s: debimg writes ld.so.cache like glibc 2.36 and 2.41 only");
  return options;
}

}  // namespace debimg
