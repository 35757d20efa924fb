#include "diff/file_diff.h"

#include <cstdio>

namespace debimg {

namespace {

std::string octal(uint32_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

std::string owner(const ImageFile& f) { return std::to_string(f.uid) + ":" + std::to_string(f.gid); }

std::string describe(const ImageFile& f) {
  std::string text = f.type + " " + octal(f.mode) + " " + owner(f);
  if (f.type == "file") text += " " + std::to_string(f.size) + " bytes";
  if (f.type == "symlink") text += " -> " + f.link;
  return text;
}

}  // namespace

std::vector<FileChange> diff_files(const std::map<std::string, ImageFile>& before,
                                   const std::map<std::string, ImageFile>& after) {
  std::vector<FileChange> out;
  auto x = before.begin();
  auto y = after.begin();
  while (x != before.end() || y != after.end()) {
    if (y == after.end() || (x != before.end() && x->first < y->first)) {
      out.push_back({FileChange::removed, x->first, x->second, {}});
      ++x;
    } else if (x == before.end() || y->first < x->first) {
      out.push_back({FileChange::added, y->first, {}, y->second});
      ++y;
    } else {
      if (!(x->second == y->second)) out.push_back({FileChange::changed, x->first, x->second, y->second});
      ++x;
      ++y;
    }
  }
  return out;
}

std::string change_line(const FileChange& c) {
  if (c.kind == FileChange::added) return "+ " + c.path + " (" + describe(c.new_file) + ")";
  if (c.kind == FileChange::removed) return "- " + c.path + " (" + describe(c.old_file) + ")";
  const ImageFile &a = c.old_file, &b = c.new_file;
  std::vector<std::string> parts;
  if (a.type != b.type) parts.push_back("type " + a.type + " -> " + b.type);
  if ((a.mode & 07777) != (b.mode & 07777)) parts.push_back("mode " + octal(a.mode) + " -> " + octal(b.mode));
  if (a.uid != b.uid || a.gid != b.gid) parts.push_back("owner " + owner(a) + " -> " + owner(b));
  if (a.size != b.size) parts.push_back("size " + std::to_string(a.size) + " -> " + std::to_string(b.size));
  if (a.sha256 != b.sha256 && a.type == "file" && b.type == "file")
    parts.push_back("content sha256:" + a.sha256.substr(0, 12) + "… -> sha256:" + b.sha256.substr(0, 12) + "…");
  if (a.link != b.link) parts.push_back("link " + a.link + " -> " + b.link);
  std::string text = "~ " + c.path + ":";
  for (size_t i = 0; i < parts.size(); ++i) text += (i ? "; " : " ") + parts[i];
  return text;
}

std::map<std::string, std::string> file_fields(const ImageFile& f) {
  std::map<std::string, std::string> out{{"type", f.type}, {"mode", octal(f.mode)}, {"owner", owner(f)}};
  if (f.type == "file") {
    out["size"] = std::to_string(f.size);
    out["sha256"] = f.sha256;
  }
  if (f.type == "symlink") out["link"] = f.link;
  return out;
}

}  // namespace debimg
