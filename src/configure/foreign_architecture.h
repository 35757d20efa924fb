#pragma once
// Whether this machine runs a target architecture's programs, which
// configure needs for the maintainer scripts: natively (the host's own, or
// i386 on an amd64 kernel with IA32 emulation: a probe program tells), or through a binfmt_misc entry of qemu-user-static with
// the F flag (the interpreter opened when it was registered, so it works
// inside the sandbox's own root). Checked before any download.
#include <filesystem>
#include <string>

namespace debimg {

// qemu's name for a Debian architecture ("aarch64" for arm64), "" when qemu has none.
std::string qemu_cpu(const std::string& debian_architecture);

// Throws Error with one line saying what to install or enable when
// `architecture` cannot run here. `binfmt` is binfmt_misc's mount point.
void require_runnable(const std::string& architecture, const std::string& host_architecture,
                      const std::filesystem::path& binfmt = "/proc/sys/fs/binfmt_misc");

}  // namespace debimg
