#pragma once
// A tree for the finalize stage's tests, opened as an fd as the stage opens
// it, with a folder beside it ("outside") that a hostile tree's symlinks
// point at: what the stage does must never reach it.
#include <fcntl.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "util/fd.h"
#include "util/files.h"

// A listing's entries as Boost.Test prints them when a comparison fails.
template <>
struct boost::test_tools::tt_detail::print_log_value<std::pair<const std::string, std::string>> {
  void operator()(std::ostream& out, const std::pair<const std::string, std::string>& entry) {
    out << entry.first << " (" << entry.second << ")";
  }
};

namespace debimg::test {

struct TreeFixture {
  TempDir work;
  std::filesystem::path tree = work.path() / "tree", outside = work.path() / "outside";
  UniqueFd root;

  TreeFixture() {
    std::filesystem::create_directories(tree);
    std::filesystem::create_directories(outside);
    root.reset(::open(tree.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    BOOST_REQUIRE(root);
  }

  // A file (its folders made as needed) below `base`.
  static void put_at(const std::filesystem::path& base, const std::string& path, const std::string& content = "x",
                     mode_t mode = 0644) {
    std::filesystem::create_directories((base / path).parent_path());
    write_file_atomic(base / path, content, mode);
  }
  void put(const std::string& path, const std::string& content = "x", mode_t mode = 0644) const {
    put_at(tree, path, content, mode);
  }
  void dir(const std::string& path) const { std::filesystem::create_directories(tree / path); }
  void link(const std::string& path, const std::filesystem::path& target) const {
    std::filesystem::create_directories((tree / path).parent_path());
    std::filesystem::create_symlink(target, tree / path);
  }

  // Every entry below `base`, never following symlinks: path → "dir",
  // "-> target" or the file's content.
  static std::map<std::string, std::string> listing(const std::filesystem::path& base) {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(base)) {
      const std::string path = e.path().lexically_relative(base).string();
      if (e.is_symlink())
        out[path] = "-> " + std::filesystem::read_symlink(e.path()).string();
      else if (e.is_directory())
        out[path] = "dir";
      else
        out[path] = read_file(e.path());
    }
    return out;
  }
  std::map<std::string, std::string> listing() const { return listing(tree); }
};

}  // namespace debimg::test
