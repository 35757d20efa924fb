#pragma once
// The few files of an image an SBOM needs, read from its layer tars (gzip,
// zstd or none) in order: later layers win, whiteouts remove. Only these
// paths are kept, each with a size cap: var/lib/dpkg/status,
// etc/os-release, usr/lib/os-release, usr/share/doc/*/copyright, and the
// usr/share/doc/* entries that are symlinks.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace debimg {

struct LayerFile {
  bool symlink = false;
  std::string content;  // a file's bytes, or a symlink's target
};

// path (normalised, "usr/share/doc/x/copyright") → what the stacked layers leave there.
using LayerFiles = std::map<std::string, LayerFile>;

// `what` names the image in errors; each layer is named by its digest.
LayerFiles read_layer_files(const std::vector<std::pair<std::string, std::filesystem::path>>& layers,
                            const std::string& what);

}  // namespace debimg
