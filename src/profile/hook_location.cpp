#include "profile/hook_location.h"

#include <unistd.h>

namespace fs = std::filesystem;

namespace debimg {

std::vector<fs::path> shipped_hook_folders() {
  std::vector<fs::path> out{DEBIMG_DATADIR};
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    out.push_back(exe.parent_path().parent_path() / "share/debimg");
    out.push_back(exe.parent_path().parent_path());
  }
  return out;
}

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
  if (h.path.find('/') == std::string::npos && h.path != "." && h.path != "..")
    for (const fs::path& folder : shipped_hook_folders())
      for (const fs::path& shipped : {folder / h.path, folder / "hooks" / h.path})
        if (fs::is_regular_file(shipped, ec) && ::access(shipped.c_str(), R_OK) == 0) {
          h.resolved = shipped;
          h.shipped = true;
          return "";
        }
  return "hook '" + h.path + "' is neither at " + p.string() + " nor in " + DEBIMG_DATADIR + "/hooks";
}

}  // namespace debimg
