#include "configure/foreign_architecture.h"

#include <fstream>
#include <map>
#include <sstream>

#include "util/error.h"

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
  if (arch == host || (host == "amd64" && arch == "i386")) return;
  const std::string cannot = "architecture " + arch + " cannot run its maintainer scripts on this " + host + " host: ";
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
