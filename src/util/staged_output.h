#pragma once
// An output written under a temporary sibling name and renamed into place
// only when complete: a failure or interruption leaves the old output (or
// none), never half of a new one.
#include <filesystem>
#include <functional>

#include "util/fd.h"

namespace debimg {

class StagedOutput {
 public:
  enum Kind { directory, file };
  StagedOutput(const std::filesystem::path& final_path, Kind kind);
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;
  ~StagedOutput();  // removes the temporary unless committed

  const std::filesystem::path& path() const { return temp_; }
  // Renames the temporary over the final path (an existing output is replaced).
  void commit();

  // Removes what killed runs left beside `final_path` (their temporaries, an old output moved aside).
  static void remove_stale(const std::filesystem::path& final_path,
                           const std::function<void(const std::filesystem::path&)>& remove = {});

 private:
  std::filesystem::path final_, temp_;
  Kind kind_;
  UniqueFd lock_;  // held while it lives: a later run removes it only once this one is gone (temporaries.h)
  bool committed_ = false;
};

}  // namespace debimg
