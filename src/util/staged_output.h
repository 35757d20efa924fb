#pragma once
// An output written under a temporary sibling name and renamed into place
// only when complete: a failure or interruption leaves the old output (or
// none), never half of a new one.
#include <filesystem>

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

 private:
  std::filesystem::path final_, temp_;
  bool committed_ = false;
};

}  // namespace debimg
