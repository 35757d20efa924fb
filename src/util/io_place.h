#pragma once
// Which of debimg's places a path lies in — the output, the cache, or a
// temporary folder — so that an I/O error ("No space left on device") says
// which one is full and what to do. The code that makes a place registers
// it (the cache its folders, a staged output its temporary and final path,
// compose the staging tree); the longest registered folder that holds a
// path names it. Registered before any fork, so build processes know them too.
#include <filesystem>
#include <string>

namespace debimg {

enum class Place { output, cache, temporary, tree };

void register_place(const std::filesystem::path& folder, Place place);

// "the output", "the cache", "a temporary folder in the cache", "the
// staging tree"; empty when no registered folder holds `path`.
std::string place_of(const std::filesystem::path& path);

// One line for a failed operation on `path`: "cannot ACTION PATH (PLACE): REASON",
// with what to do when the reason is a full file system, a quota or a file-size limit.
std::string io_failure(const std::string& action, const std::filesystem::path& path, int err);

// The path an open descriptor names (from /proc/self/fd); empty when unknown.
std::filesystem::path fd_path(int fd);

}  // namespace debimg
