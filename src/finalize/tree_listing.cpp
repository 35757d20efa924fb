#include "finalize/tree_listing.h"

#include <fcntl.h>

#include <algorithm>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/sha256.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

const char* const kFields[] = {"type", "mode", "owner", "group", "mtime", "link target", "device", "device"};

std::vector<std::string> fields(const std::string& description) {
  std::vector<std::string> out;
  for (size_t start = 0;;) {
    const size_t tab = description.find('\t', start);
    out.push_back(description.substr(start, tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

// The first part of two descriptions that differs, in words.
std::string what_differs(const std::string& a, const std::string& b) {
  const std::vector<std::string> fa = fields(a), fb = fields(b);
  for (size_t i = 0; i < std::max(fa.size(), fb.size()); ++i) {
    const std::string x = i < fa.size() ? fa[i] : "", y = i < fb.size() ? fb[i] : "";
    if (x == y) continue;
    if (i < std::size(kFields)) return kFields[i];
    return x.starts_with("sha256=") && y.starts_with("sha256=") ? "content" : "xattrs";
  }
  return "description";
}

}  // namespace

TreeListing list_tree(int root, const FileTable& table, int64_t epoch) {
  TreeListing listing;
  for (const auto& [path, meta] : table.entries()) {
    std::string entry = describe_entry(meta, epoch);
    if (meta.type == EntryType::file && meta.link.empty()) {
      UniqueFd fd = path.empty() ? UniqueFd() : open_in_tree(root, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (!fd) throw Error("cannot read /" + path + " in the tree: " + errno_text(errno));
      entry += "\tsha256=" + sha256_fd(fd.get(), "/" + path);
    }
    listing.emplace(path, std::move(entry));
  }
  return listing;
}

std::vector<std::string> listing_differences(const TreeListing& first, const TreeListing& second) {
  std::vector<std::string> out;
  auto a = first.begin(), b = second.begin();
  while (a != first.end() || b != second.end()) {
    if (b == second.end() || (a != first.end() && a->first < b->first)) {
      out.push_back("/" + a->first + " (only in the first build)");
      ++a;
    } else if (a == first.end() || b->first < a->first) {
      out.push_back("/" + b->first + " (only in the second build)");
      ++b;
    } else {
      if (a->second != b->second) out.push_back("/" + a->first + " (" + what_differs(a->second, b->second) + ")");
      ++a;
      ++b;
    }
  }
  return out;
}

}  // namespace debimg
