// `debimg paths`: where this binary looks for its shipped hooks and
// profiles (profile/data_folders.h), first to last, and its default cache.
#include <sstream>

#include "cache/cache.h"
#include "cli/commands.h"
#include "profile/data_folders.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace debimg {

int paths_command(const Output& out) {
  nlohmann::json folders = nlohmann::json::array();
  std::ostringstream text;
  text << "shipped hooks and profiles, searched in this order:\n";
  for (const DataFolder& folder : shipped_data_folders()) {
    std::error_code ec;
    const bool hooks = fs::is_directory(folder.path / "hooks", ec);
    const bool profiles = fs::is_directory(folder.path / "profiles", ec);
    folders.push_back({{"path", folder.path.string()}, {"source", folder.source}, {"hooks", hooks}, {"profiles", profiles}});
    text << "  " << folder.path.string() << "  (" << folder.source << "; "
         << (hooks || profiles ? std::string(hooks ? "hooks/" : "") + (hooks && profiles ? " " : "") + (profiles ? "profiles/" : "")
                               : "absent")
         << ")\n";
  }
  std::string cache;
  try {
    cache = Cache::default_root().string();
  } catch (const Error&) {
    // no HOME: compose needs --cache-dir
  }
  text << "cache (without --cache-dir): " << (cache.empty() ? "none: set XDG_CACHE_HOME or HOME" : cache) << "\n";
  out.result({{"data-folders", folders}, {"cache", cache.empty() ? nlohmann::json(nullptr) : nlohmann::json(cache)}}, text.str());
  return 0;
}

}  // namespace debimg
