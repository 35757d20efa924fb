#include "configure/ld_so_cache.h"

#include "configure/ld_cache_dirs.h"
#include "configure/ld_cache_file.h"
#include "configure/ld_cache_scan.h"
#include "configure/ld_so_conf.h"
#include "util/tree_fs.h"

namespace debimg {

std::string ld_so_cache(int root_fd, const LdCacheOptions& options) {
  LdCacheFile cache;
  LdCacheDirs dirs(root_fd, options.dialect, cache);
  read_ld_so_conf(root_fd, "/etc/ld.so.conf", [&](const std::string& line) { dirs.add_line(line); });
  for (const std::string& dir : debian_amd64_system_dirs()) dirs.add_line(dir);
  const LdCacheScan scan{root_fd, options.dialect, options.update_links, dirs, cache};
  // 2.36 appends legacy hwcap subfolders while searching: they are searched too.
  for (size_t i = 0; i < dirs.size(); ++i) search_dir(scan, dirs.at(i));
  return cache.bytes(options.generator);
}

void write_ld_so_cache(int root_fd) {
  LdCacheOptions options = tree_ldconfig_options(root_fd);
  options.update_links = true;
  write_file_in_tree(root_fd, "etc/ld.so.cache", ld_so_cache(root_fd, options), 0644);
}

}  // namespace debimg
