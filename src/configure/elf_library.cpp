#include "configure/elf_library.h"

#include <elf.h>
#include <sys/stat.h>

#include <cstring>

#include "configure/elf_dynamic.h"
#include "configure/mapped_file.h"

namespace debimg {

namespace {

// struct exec (a.out.h) is 40 bytes on x86-64, Elf64_Ehdr 64: ldconfig
// looks at no smaller file.
constexpr uint64_t kMinLibrarySize = sizeof(Elf64_Ehdr);

// N_MAGIC of ZMAGIC (0413) and QMAGIC (0314): an a.out library.
bool is_aout(const unsigned char* head) {
  const unsigned magic = head[0] | (head[1] << 8);
  return magic == 0413 || magic == 0314;
}

// An a.out library's soname: its name cut after the major version.
std::string aout_soname(const std::string& name) {
  const size_t major = name.find(".so.");
  if (major == std::string::npos) return name;
  const size_t dot = name.find('.', major + 4);
  return dot == std::string::npos ? name : name.substr(0, dot);
}

// x86's process_elf_file: the machine decides the flags; x86-64 and x32
// libraries are always libc6.
std::optional<LdLibraryInfo> read_x86_elf(MappedFile& f, LdconfigDialect dialect) {
  unsigned char ident[EI_NIDENT];
  uint16_t machine;
  if (!f.read(0, ident, sizeof ident) || !f.read(offsetof(Elf64_Ehdr, e_machine), &machine, sizeof machine))
    return std::nullopt;
  int file_flag = 0;
  if (machine == EM_X86_64)
    file_flag = kLdFlagElfLibc6 | (ident[EI_CLASS] == ELFCLASS64 ? kLdFlagX8664Lib64 : kLdFlagX8664Libx32);
  else if (machine != EM_386 || ident[EI_CLASS] != ELFCLASS32)
    return std::nullopt;
  auto info = read_elf_dynamic(f, ident[EI_CLASS] != ELFCLASS32, dialect);
  if (info && file_flag) info->flag = file_flag;
  return info;
}

}  // namespace

std::optional<LdLibraryInfo> read_library(int fd, const std::string& name, LdconfigDialect dialect) {
  struct stat st;
  // A folder fails ldconfig's mmap, a device or FIFO has no size: only
  // regular files are libraries.
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<uint64_t>(st.st_size) < kMinLibrarySize)
    return std::nullopt;
  MappedFile f(fd, static_cast<uint64_t>(st.st_size));
  unsigned char head[EI_NIDENT];
  if (!f.read(0, head, sizeof head)) return std::nullopt;
  if (is_aout(head)) {
    LdLibraryInfo info;  // ldconfig leaves the ISA level unset here; 0 is what it usually finds
    info.flag = dialect == LdconfigDialect::glibc_2_36 ? kLdFlagLibc4 : kLdFlagElfLibc6;
    info.soname = aout_soname(name);
    return info;
  }
  uint16_t type;
  if (std::memcmp(head, ELFMAG, SELFMAG) != 0 || !f.read(offsetof(Elf64_Ehdr, e_type), &type, sizeof type) ||
      type != ET_DYN)
    return std::nullopt;
  return read_x86_elf(f, dialect);
}

}  // namespace debimg
