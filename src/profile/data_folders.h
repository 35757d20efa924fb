#pragma once
// Where debimg's shipped data (hooks/, profiles/) is looked for, first to
// last: the source checkout a build folder's binary was built from (CMake
// writes its path beside the binary, in debimg-source-dir, which is never
// installed), PREFIX/share/debimg beside the executable (any
// `cmake --install --prefix`), and the data folder compiled in (the Debian
// package's /usr/share/debimg). A binary finds its own data first, not an
// older install's.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace debimg {

struct DataFolder {
  std::filesystem::path path;
  std::string source;  // why it is searched: "the build's source folder", …
};
std::vector<DataFolder> shipped_data_folders();

// The source folder named by the debimg-source-dir file in `binary_folder`;
// nullopt without one, or when it is not a regular file of the folder's
// owner that others cannot write, holding one absolute path.
std::optional<std::filesystem::path> build_source_folder(const std::filesystem::path& binary_folder);

}  // namespace debimg
