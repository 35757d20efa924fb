#include "util/staged_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/io_place.h"
#include "util/temporaries.h"

namespace fs = std::filesystem;

namespace debimg {

StagedOutput::StagedOutput(const fs::path& final_path, Kind kind) : final_(fs::absolute(final_path)), kind_(kind) {
  std::string templ = (final_.parent_path() / ("." + final_.filename().string() + ".debimg-XXXXXX")).string();
  register_place(final_, Place::output);
  mode_t mask = ::umask(0);  // mkdtemp and mkstemp are private; an output gets the usual mode
  ::umask(mask);
  if (kind == directory) {
    if (!::mkdtemp(templ.data()))
      throw Error(io_failure("create a temporary directory beside", final_, errno));
    ::chmod(templ.c_str(), 0777 & ~mask);
  } else {
    UniqueFd fd(::mkstemp(templ.data()));
    if (!fd) throw Error(io_failure("create a temporary file beside", final_, errno));
    ::fchmod(fd.get(), 0666 & ~mask);
  }
  temp_ = templ;
  register_place(temp_, Place::output);
  lock_ = lock_temporary(temp_);
}

void StagedOutput::remove_stale(const fs::path& final_path, const std::function<void(const fs::path&)>& remove) {
  const fs::path final_abs = fs::absolute(final_path);
  const std::string prefix = "." + final_abs.filename().string() + ".debimg-";
  remove_stale_temporaries(
      final_abs.parent_path(), [&](const std::string& name) { return name.rfind(prefix, 0) == 0; }, remove);
}

StagedOutput::~StagedOutput() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(temp_, ec);
}

void StagedOutput::commit() {
  std::error_code ec;
  const fs::file_status existing = fs::symlink_status(final_, ec);
  if (fs::is_directory(existing) || (kind_ == directory && fs::exists(existing))) {
    // rename() cannot replace a non-empty directory, nor put one over a file: swap, then drop the old one.
    fs::path old = final_.parent_path() / ("." + final_.filename().string() + ".debimg-old");
    fs::remove_all(old, ec);
    if (::rename(final_.c_str(), old.c_str()) != 0)
      throw Error("cannot move the old " + final_.string() + " aside: " + errno_text(errno));
    if (::rename(temp_.c_str(), final_.c_str()) != 0)
      throw Error("cannot rename the output into " + final_.string() + ": " + errno_text(errno));
    committed_ = true;
    fs::remove_all(old, ec);
    return;
  }
  if (::rename(temp_.c_str(), final_.c_str()) != 0)
    throw Error("cannot rename the output into " + final_.string() + ": " + errno_text(errno));
  committed_ = true;
}

}  // namespace debimg
