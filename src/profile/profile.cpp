#include "profile/profile.h"

namespace debimg {

Location Profile::where(const std::string& field) const {
  // The field itself, else the nearest enclosing one that was written down.
  std::string key = field;
  while (true) {
    if (auto it = locations.find(key); it != locations.end()) return it->second;
    auto cut = key.find_last_of(".[");
    if (cut == std::string::npos) break;
    key.resize(cut);
  }
  return Location{file.string(), 0, 0};
}

std::filesystem::path Profile::resolve_path(const std::string& written) const {
  std::filesystem::path p(written);
  return (p.is_absolute() ? p : folder() / p).lexically_normal();
}

std::string to_string(Variant v) {
  switch (v) {
    case Variant::essential: return "essential";
    case Variant::minbase: return "minbase";
    case Variant::apt: return "apt";
    case Variant::important: return "important";
    case Variant::custom: return "custom";
  }
  return "?";
}

std::string to_string(Compression c) { return c == Compression::zstd ? "zstd" : "gzip"; }

}  // namespace debimg
