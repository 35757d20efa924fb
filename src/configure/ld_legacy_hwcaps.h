#pragma once
// glibc 2.36's legacy hwcap subfolders of a library folder ("tls",
// "x86_64", "haswell", ...; removed in 2.37), as an x86 ldconfig knows them
// (sysdeps/x86/dl-hwcap.h and dl-procinfo.c built for ldconfig: every
// hwcap is "important", both i386 and x86-64 platforms count).
#include <cstdint>
#include <string>

namespace debimg {

// is_hwcap_platform: ldconfig descends into a subfolder of this name.
bool is_legacy_hwcap_name(const std::string& name);

// path_hwcap: the hwcap bits of a folder's trailing hwcap components.
uint64_t legacy_path_hwcap(const std::string& path);

}  // namespace debimg
