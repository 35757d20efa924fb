#pragma once
// ldconfig's process_file and process_elf_file (glibc elf/readlib.c,
// elf/readelflib.c, sysdeps/x86/readelflib.c) for an x86-64 ldconfig:
// whether a file is a library it caches, its flags, ISA level and soname.
// The file is hostile: every offset it gives is checked against the file,
// and where ldconfig would read past its mapping the file is passed over.
#include <optional>
#include <string>

#include "configure/ld_cache_types.h"

namespace debimg {

// `fd` is the opened file, `name` its directory entry's name (an a.out
// library's soname comes from it). nullopt: ldconfig passes the file over.
std::optional<LdLibraryInfo> read_library(int fd, const std::string& name, LdconfigDialect dialect);

}  // namespace debimg
