#pragma once
// What changes between two images' trees, path by path (`debimg diff --files`).
#include <map>
#include <string>
#include <vector>

#include "diff/image_contents.h"

namespace debimg {

struct FileChange {
  enum Kind { added, removed, changed } kind = changed;
  std::string path;
  ImageFile old_file, new_file;  // the side that lacks it is empty
};

// In path order; empty when the trees are the same.
std::vector<FileChange> diff_files(const std::map<std::string, ImageFile>& before,
                                   const std::map<std::string, ImageFile>& after);

// "+ /etc/x (file 0644 0:0 2 bytes)", "- /etc/y (symlink 0777 0:0 -> z)",
// "~ /etc/motd: mode 0644 -> 0600; content sha256:… -> sha256:…".
std::string change_line(const FileChange& change);

// "file 0644 0:0 2 bytes sha256:…"-like facts as JSON-ready fields.
std::map<std::string, std::string> file_fields(const ImageFile& file);

}  // namespace debimg
