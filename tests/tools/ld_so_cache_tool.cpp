// A driver for tests: configure/ld_so_cache.h on a tree, for comparing with
// the tree's own ldconfig (tests/integration/ld_so_cache_mirror.test.sh).
//   ld_so_cache_tool ROOT OUT    the cache bytes for ROOT into OUT (no change to ROOT)
//   ld_so_cache_tool --write ROOT   what the tree's ldconfig does: links and etc/ld.so.cache
#include <fcntl.h>

#include <cstring>
#include <iostream>

#include "configure/ld_so_cache.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/tree_fs.h"

int main(int argc, char** argv) {
  try {
    const bool write = argc == 3 && std::strcmp(argv[1], "--write") == 0;
    if (argc != 3) throw debimg::Error("usage: ld_so_cache_tool ROOT OUT | --write ROOT");
    debimg::UniqueFd root(::open(argv[write ? 2 : 1], O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root) throw debimg::Error(std::string("cannot open ") + argv[write ? 2 : 1]);
    if (write) {
      debimg::write_ld_so_cache(root.get());
    } else {
      const auto options = debimg::tree_ldconfig_options(root.get());
      debimg::write_file_atomic(argv[2], debimg::ld_so_cache(root.get(), options));
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "ld_so_cache_tool: error: " << e.what() << "\n";
    return 2;
  }
}
