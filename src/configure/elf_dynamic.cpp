#include "configure/elf_dynamic.h"

#include <elf.h>

#include <array>
#include <cstring>

namespace debimg {

namespace {

// The types of one ELF class.
template <class EhdrT, class PhdrT, class DynT, unsigned char kClassT>
struct ElfClassTypes {
  using Ehdr = EhdrT;
  using Phdr = PhdrT;
  using Dyn = DynT;
  using Addr = decltype(PhdrT::p_vaddr);
  using Off = decltype(PhdrT::p_offset);
  static constexpr unsigned char kClass = kClassT;
};
using Elf32Types = ElfClassTypes<Elf32_Ehdr, Elf32_Phdr, Elf32_Dyn, ELFCLASS32>;
using Elf64Types = ElfClassTypes<Elf64_Ehdr, Elf64_Phdr, Elf64_Dyn, ELFCLASS64>;

// Names that make a 2.36 ELF library libc6 (readlib.c's interpreters and
// known_libs, with x86-64's SYSDEP_KNOWN_* entries).
constexpr std::array kLibc6Interpreters{"/lib/ld-linux-x86-64.so.2", "/lib/ld-linux.so.2", "/libx32/ld-linux-x32.so.2",
                                        "/lib64/ld-linux-x86-64.so.2"};
constexpr std::array kLibc6Needed{"libc.so.6", "libm.so.6"};
constexpr size_t kMaxSoname = 1 << 16;  // longer: passed over (ldconfig takes up to 1 GiB)

// strcmp of the string at `offset` with `literal`, reading only as far as
// strcmp would; nullopt when that runs past the mapping.
std::optional<bool> equals_at(MappedFile& f, uint64_t offset, const char* literal) {
  for (size_t i = 0;; ++i) {
    char c;
    if (!f.read(offset + i, &c, 1)) return std::nullopt;
    if (c != literal[i]) return false;
    if (c == '\0') return true;
  }
}

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

// One NT_GNU_PROPERTY_TYPE_0 property array (x86 read_gnu_property): the
// ISA level is the highest bit of GNU_PROPERTY_X86_ISA_1_NEEDED. false: a fault.
bool read_properties(MappedFile& f, uint64_t ptr, uint64_t ptr_end, uint64_t addr_size, unsigned& isa_level) {
  uint32_t last_type = 0;
  do {
    uint32_t head[2];
    if (!f.read(ptr, head, sizeof head)) return false;
    const uint32_t type = head[0], datasz = head[1];
    if (type < last_type) return true;  // property types must ascend
    ptr += 8;
    if (ptr + datasz > ptr_end) return true;
    last_type = type;
    if (type > GNU_PROPERTY_X86_ISA_1_NEEDED) return true;
    if (type == GNU_PROPERTY_X86_ISA_1_NEEDED) {
      uint32_t needed;
      if (datasz == 4) {
        if (!f.read(ptr, &needed, 4)) return false;
        if (needed != 0) isa_level = 31U - static_cast<unsigned>(__builtin_clz(needed));
      }
      return true;
    }
    ptr += align_up(datasz, addr_size);
  } while (static_cast<int64_t>(ptr_end - ptr) >= 8);
  return true;
}

// The PT_GNU_PROPERTY segment's notes; only the first GNU property note counts.
template <class E>
bool read_property_notes(MappedFile& f, const typename E::Phdr& p, unsigned& isa_level) {
  using Addr = typename E::Addr;
  const uint64_t start = p.p_offset, align = p.p_align;
  for (uint64_t note = start; static_cast<Addr>(note + sizeof(Elf64_Nhdr) - start) < static_cast<Addr>(p.p_filesz);) {
    Elf64_Nhdr n;  // the same three words in both classes
    char owner[4];
    if (!f.read(note, &n, sizeof n)) return false;
    if (n.n_namesz == 4 && n.n_type == NT_GNU_PROPERTY_TYPE_0) {
      if (!f.read(note + sizeof n, owner, 4)) return false;
      if (std::memcmp(owner, "GNU", 4) == 0) {
        if (n.n_descsz < 8 || n.n_descsz % sizeof(Addr) != 0) return true;
        const uint64_t ptr = note + sizeof n + 4;
        return read_properties(f, ptr, ptr + n.n_descsz, sizeof(Addr), isa_level);
      }
    }
    note += align_up(align_up(sizeof n + n.n_namesz, align) + n.n_descsz, align);
  }
  return true;
}

template <class E>
std::optional<typename E::Phdr> phdr(MappedFile& f, const typename E::Ehdr& eh, unsigned i) {
  typename E::Phdr p;
  if (!f.read(eh.e_phoff + uint64_t{i} * sizeof p, &p, sizeof p)) return std::nullopt;
  return p;
}

// The file offset of the dynamic string table: the DT_STRTAB address less
// the load bias of the PT_LOAD segment holding it (0 when none does).
template <class E>
std::optional<uint64_t> dynamic_strings(MappedFile& f, const typename E::Ehdr& eh, uint64_t dynamic) {
  using Off = typename E::Off;
  using Addr = typename E::Addr;
  for (uint64_t entry = dynamic;; entry += sizeof(typename E::Dyn)) {
    typename E::Dyn d;
    if (!f.read(entry, &d, sizeof d) || d.d_tag == DT_NULL) return std::nullopt;
    if (entry > f.size()) return std::nullopt;  // check_ptr
    if (d.d_tag != DT_STRTAB) continue;
    Off loadoff = static_cast<Off>(-1);
    for (unsigned i = 0; i < eh.e_phnum; ++i) {
      const auto p = phdr<E>(f, eh, i);
      if (!p) return std::nullopt;
      if (p->p_type == PT_LOAD && d.d_un.d_val >= p->p_vaddr &&
          static_cast<Addr>(d.d_un.d_val - p->p_vaddr) < p->p_filesz) {
        loadoff = static_cast<Off>(p->p_vaddr - p->p_offset);
        break;
      }
    }
    if (loadoff == static_cast<Off>(-1)) loadoff = 0;  // "Very strange."
    // Pointer arithmetic on 64 bits, whatever the class.
    const uint64_t strings = uint64_t{d.d_un.d_val} - uint64_t{loadoff};
    if (strings > f.size()) return std::nullopt;
    return strings;
  }
}

// DT_SONAME (2.41: the first; 2.36: the last before the library is known
// libc6 through DT_NEEDED). false: rejected.
template <class E>
bool read_soname(MappedFile& f, uint64_t dynamic, uint64_t strings, LdconfigDialect dialect, LdLibraryInfo& info) {
  for (uint64_t entry = dynamic;; entry += sizeof(typename E::Dyn)) {
    typename E::Dyn d;
    if (!f.read(entry, &d, sizeof d)) return false;
    if (d.d_tag == DT_NULL) return true;
    if (d.d_tag != DT_SONAME && (dialect == LdconfigDialect::glibc_2_41 || d.d_tag != DT_NEEDED)) continue;
    const uint64_t name = strings + d.d_un.d_val;
    if (name > f.size()) return false;
    if (d.d_tag == DT_SONAME) {
      info.soname = f.string_at(name, kMaxSoname);
      if (!info.soname) return false;
      if (dialect == LdconfigDialect::glibc_2_41) return true;
    } else if (info.flag == kLdFlagElf) {
      for (const char* known : kLibc6Needed) {
        const auto same = equals_at(f, name, known);
        if (!same) return false;
        if (*same) {
          info.flag = kLdFlagElfLibc6;
          break;
        }
      }
    }
    if (info.soname && info.flag != kLdFlagElf) return true;
  }
}

// One program header of the first pass: PT_DYNAMIC, PT_INTERP, PT_GNU_PROPERTY.
template <class E>
bool read_segment(MappedFile& f, const typename E::Phdr& p, LdconfigDialect dialect, uint32_t& dynamic_addr,
                  uint64_t& dynamic_size, LdLibraryInfo& info) {
  if (p.p_type == PT_DYNAMIC) {
    dynamic_addr = static_cast<uint32_t>(p.p_offset);  // ldconfig keeps it in an unsigned int
    dynamic_size = p.p_filesz;
  } else if (p.p_type == PT_INTERP) {
    if (p.p_offset > f.size()) return false;
    if (dialect != LdconfigDialect::glibc_2_36) return true;
    for (const char* interpreter : kLibc6Interpreters) {
      const auto same = equals_at(f, p.p_offset, interpreter);
      if (!same) return false;
      if (*same) {
        info.flag = kLdFlagElfLibc6;
        break;
      }
    }
  } else if (p.p_type == PT_GNU_PROPERTY && p.p_align == sizeof(typename E::Addr)) {
    return read_property_notes<E>(f, p, info.isa_level);
  }
  return true;
}

template <class E>
std::optional<LdLibraryInfo> read_elf(MappedFile& f, LdconfigDialect dialect) {
  typename E::Ehdr eh;
  if (!f.read(0, &eh, sizeof eh) || eh.e_ident[EI_CLASS] != E::kClass || eh.e_type != ET_DYN) return std::nullopt;
  if (eh.e_phoff > f.size()) return std::nullopt;
  LdLibraryInfo info;
  info.flag = dialect == LdconfigDialect::glibc_2_36 ? kLdFlagElf : kLdFlagElfLibc6;
  uint32_t dynamic_addr = 0;
  uint64_t dynamic_size = 0;
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    if (eh.e_phoff + uint64_t{i} * sizeof(typename E::Phdr) > f.size()) return std::nullopt;
    const auto p = phdr<E>(f, eh, i);
    if (!p || !read_segment<E>(f, *p, dialect, dynamic_addr, dynamic_size, info)) return std::nullopt;
  }
  if (dynamic_size == 0 || dynamic_addr > f.size()) return std::nullopt;
  const auto strings = dynamic_strings<E>(f, eh, dynamic_addr);
  if (!strings || !read_soname<E>(f, dynamic_addr, *strings, dialect, info)) return std::nullopt;
  return info;
}

}  // namespace

std::optional<LdLibraryInfo> read_elf_dynamic(MappedFile& file, bool elf64, LdconfigDialect dialect) {
  return elf64 ? read_elf<Elf64Types>(file, dialect) : read_elf<Elf32Types>(file, dialect);
}

}  // namespace debimg
