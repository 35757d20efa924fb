#pragma once
// The generic part of ldconfig's process_elf_file (glibc elf/readelflib.c):
// the program headers, the ISA level note and the dynamic section's
// DT_SONAME (and, for 2.36, the DT_NEEDED and PT_INTERP that make a library
// libc6), read through a MappedFile with every pointer check ldconfig has.
#include <optional>

#include "configure/ld_cache_types.h"
#include "configure/mapped_file.h"

namespace debimg {

// nullopt: ldconfig rejects the file (or would read past its mapping).
std::optional<LdLibraryInfo> read_elf_dynamic(MappedFile& file, bool elf64, LdconfigDialect dialect);

}  // namespace debimg
