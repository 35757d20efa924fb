#include "profile/hook_location.h"

#include <unistd.h>

namespace fs = std::filesystem;

namespace debimg {

std::string locate_hook(const Profile& profile, Hook& h) {
  const fs::path p = profile.resolve_path(h.path);
  std::error_code ec;
  if (fs::exists(p, ec)) {
    if (!fs::is_regular_file(p, ec)) return "hook '" + h.path + "' at " + p.string() + " is not a file";
    if (::access(p.c_str(), X_OK) != 0) return "hook '" + h.path + "' at " + p.string() + " is not executable";
    h.resolved = p;
    return "";
  }
  // A shipped hook is named by its plain name, never by a path that could climb out of the folder.
  const std::vector<DataFolder> folders = shipped_data_folders();
  if (h.path.find('/') == std::string::npos && h.path != "." && h.path != "..")
    for (const DataFolder& folder : folders)
      if (const fs::path shipped = folder.path / "hooks" / h.path;
          fs::is_regular_file(shipped, ec) && ::access(shipped.c_str(), R_OK) == 0) {
        h.resolved = shipped;
        h.shipped = true;
        return "";
      }
  std::string searched;
  for (const DataFolder& folder : folders) searched += (searched.empty() ? "" : ", ") + (folder.path / "hooks").string();
  return "hook '" + h.path + "' is neither at " + p.string() + " nor in " + searched + " (`debimg paths` lists them)";
}

}  // namespace debimg
