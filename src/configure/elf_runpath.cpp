#include "configure/elf_runpath.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <set>

#include "configure/mapped_file.h"
#include "util/fd.h"
#include "util/strings.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

using Ehdr = ElfW(Ehdr);
using Phdr = ElfW(Phdr);
using Dyn = ElfW(Dyn);

#if __SIZEOF_POINTER__ == 8
constexpr unsigned char kClass = ELFCLASS64;
#else
constexpr unsigned char kClass = ELFCLASS32;
#endif

// The file offset of virtual address `vaddr`, through the PT_LOAD that maps it.
std::optional<uint64_t> file_offset(const std::vector<Phdr>& phdrs, uint64_t vaddr) {
  for (const Phdr& p : phdrs)
    if (p.p_type == PT_LOAD && vaddr >= p.p_vaddr && vaddr - p.p_vaddr < p.p_filesz) return p.p_offset + (vaddr - p.p_vaddr);
  return std::nullopt;
}

// "/a/b/../c" → "a/c" (relative to the tree's root); nullopt when it climbs above it.
std::optional<std::string> normalise(const std::string& path) {
  std::vector<std::string> parts;
  for (const std::string& part : split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part != "..") parts.push_back(part);
    else if (parts.empty()) return std::nullopt;
    else parts.pop_back();
  }
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
  return out;
}

}  // namespace

std::vector<std::string> elf_runpath(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < static_cast<off_t>(sizeof(Ehdr))) return {};
  MappedFile file(fd, static_cast<uint64_t>(st.st_size));
  Ehdr eh;
  if (!file.read(0, &eh, sizeof eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != kClass ||
      eh.e_phentsize != sizeof(Phdr) || eh.e_phnum > 4096)
    return {};
  std::vector<Phdr> phdrs(eh.e_phnum);
  if (!file.read(eh.e_phoff, phdrs.data(), phdrs.size() * sizeof(Phdr))) return {};
  for (const Phdr& p : phdrs) {
    if (p.p_type != PT_DYNAMIC) continue;
    uint64_t strtab = 0, runpath = 0, rpath = 0;
    bool has_runpath = false, has_rpath = false;
    for (uint64_t at = p.p_offset; at + sizeof(Dyn) <= p.p_offset + p.p_filesz; at += sizeof(Dyn)) {
      Dyn d;
      if (!file.read(at, &d, sizeof d) || d.d_tag == DT_NULL) break;
      if (d.d_tag == DT_STRTAB) strtab = d.d_un.d_ptr;
      if (d.d_tag == DT_RUNPATH) has_runpath = true, runpath = d.d_un.d_val;
      if (d.d_tag == DT_RPATH) has_rpath = true, rpath = d.d_un.d_val;
    }
    if (!has_runpath && !has_rpath) return {};
    const std::optional<uint64_t> table = file_offset(phdrs, strtab);
    if (!table) return {};
    const std::optional<std::string> list = file.string_at(*table + (has_runpath ? runpath : rpath), 4096);
    return list ? split(*list, ':') : std::vector<std::string>{};
  }
  return {};
}

std::vector<std::string> tree_runpath_dirs(int root_fd, const std::string& tree) {
  std::set<std::string> dirs;
  walk_tree(root_fd, [&](int dir_fd, const std::string& name, const std::string& path, const struct stat& st) {
    if (!S_ISREG(st.st_mode) || st.st_size < 64 || path.starts_with("proc/") || path.starts_with("dev/")) return;
    UniqueFd fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!fd) return;
    const std::string origin = path.find('/') == std::string::npos ? "" : path.substr(0, path.rfind('/'));
    for (std::string entry : elf_runpath(fd.get())) {
      for (const char* token : {"${ORIGIN}", "$ORIGIN"})
        for (size_t at; (at = entry.find(token)) != std::string::npos;) entry.replace(at, std::strlen(token), "/" + origin);
      if (entry.empty() || entry[0] != '/' || entry.find('$') != std::string::npos) continue;
      if (std::optional<std::string> dir = normalise(entry)) dirs.insert(*dir);
    }
  });
  std::vector<std::string> out;
  for (const std::string& dir : dirs) {
    if (open_in_tree(root_fd, dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) out.push_back(tree + "/" + dir);
  }
  return out;
}

}  // namespace debimg
