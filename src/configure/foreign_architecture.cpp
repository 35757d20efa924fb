#include "configure/foreign_architecture.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "util/error.h"
#include "util/fd.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

// The first line ("enabled"/"disabled") and the "flags:" of an entry (or of status).
struct Entry {
  bool present = false, enabled = false;
  std::string flags;
};

Entry read_entry(const fs::path& path) {
  Entry e;
  std::ifstream in(path);
  if (!in) return e;
  e.present = true;
  std::string line;
  if (std::getline(in, line)) e.enabled = line == "enabled";
  while (std::getline(in, line))
    if (line.rfind("flags:", 0) == 0) e.flags = line.substr(6);
  return e;
}

// 93 bytes of i386 ELF that call exit(0): whether this kernel runs 32-bit
// x86 programs (IA32 emulation can be left out or disabled at boot), or a
// binfmt_misc entry runs them for it, is known only by running one.
constexpr unsigned char kI386Exit[] = {
    0x7f, 0x45, 0x4c, 0x46, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x03,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x54, 0x80, 0x04, 0x08, 0x34, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x34, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x80, 0x04, 0x08, 0x00, 0x80, 0x04, 0x08, 0x5d, 0x00, 0x00, 0x00, 0x5d, 0x00, 0x00, 0x00,
    0x05, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0xb8, 0x01, 0x00, 0x00, 0x00, 0x31, 0xdb, 0xcd, 0x80};

// Runs the probe from a memfd (nothing written to disk); true when it exits 0.
bool runs_i386() {
  UniqueFd fd(::memfd_create("debimg-i386-probe", MFD_CLOEXEC));
  if (!fd || ::write(fd.get(), kI386Exit, sizeof kI386Exit) != static_cast<ssize_t>(sizeof kI386Exit)) return false;
  const pid_t child = ::fork();
  if (child < 0) return false;
  if (child == 0) {
    char* const argv[] = {const_cast<char*>("probe"), nullptr};
    char* const envp[] = {nullptr};
    // Open across the exec: a binfmt_misc emulator is handed /proc/self/fd/N.
    ::fcntl(fd.get(), F_SETFD, 0);
    ::fexecve(fd.get(), argv, envp);
    ::_exit(126);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0)
    if (errno != EINTR) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

std::string qemu_cpu(const std::string& a) {
  static const std::map<std::string, std::string> cpu{
      {"amd64", "x86_64"},   {"arm64", "aarch64"},   {"armhf", "arm"},       {"armel", "arm"},
      {"i386", "i386"},      {"mips64el", "mips64el"}, {"mipsel", "mipsel"}, {"ppc64el", "ppc64le"},
      {"s390x", "s390x"},    {"riscv64", "riscv64"}};
  auto it = cpu.find(a);
  return it == cpu.end() ? "" : it->second;
}

void require_runnable(const std::string& arch, const std::string& host, const fs::path& binfmt) {
  if (arch == host) return;
  const std::string cannot = "architecture " + arch + " cannot run its maintainer scripts on this " + host + " host: ";
  if (host == "amd64" && arch == "i386") {
    // Natively with IA32 emulation, or through whatever binfmt_misc entry takes i386 programs.
    if (runs_i386()) return;
    throw Error(cannot + "this kernel does not run 32-bit x86 programs (no IA32 emulation) and binfmt_misc has no " +
                "entry that does: register qemu-i386-static with the F flag (echo ':qemu-i386:M::" +
                "\\x7fELF\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x03\\x00:" +
                "\\xff\\xff\\xff\\xff\\xff\\xfe\\xfe\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:" +
                "/usr/bin/qemu-i386-static:F' > " + (binfmt / "register").string() + ")");
  }
  const std::string cpu = qemu_cpu(arch);
  if (cpu.empty()) throw Error(cannot + "qemu-user has no emulator for it");
  const std::string install = "install qemu-user-static and binfmt-support (apt-get install qemu-user-static binfmt-support)";
  const Entry status = read_entry(binfmt / "status");
  if (!status.present)
    throw Error(cannot + "binfmt_misc is not mounted (mount -t binfmt_misc binfmt_misc " + binfmt.string() + "), then " +
                install);
  if (!status.enabled) throw Error(cannot + "binfmt_misc is disabled (echo 1 > " + (binfmt / "status").string() + ")");
  const fs::path entry_path = binfmt / ("qemu-" + cpu);
  const Entry entry = read_entry(entry_path);
  if (!entry.present) throw Error(cannot + "no binfmt_misc entry qemu-" + cpu + ": " + install);
  if (!entry.enabled) throw Error(cannot + "its binfmt_misc entry is disabled (echo 1 > " + entry_path.string() + ")");
  if (entry.flags.find('F') == std::string::npos)
    throw Error(cannot + "its binfmt_misc entry qemu-" + cpu +
                " lacks the F flag, without which the emulator cannot be found inside the build's root: " +
                "register it with F (Debian's qemu-user-static does; update-binfmts --enable qemu-" + cpu + ")");
}

}  // namespace debimg
