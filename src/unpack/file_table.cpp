#include "unpack/file_table.h"

namespace debimg {

const FileMeta* FileTable::find(const std::string& path) const {
  auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace debimg
