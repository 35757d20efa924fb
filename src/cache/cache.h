#pragma once
// debimg's cache folder: verified files stored by SHA-256, small state files,
// and a scratch area for temporaries. Safe for several debimg processes at
// once: everything enters by atomic rename from a uniquely named temporary.
//
// A cache shared by several builders is a trust boundary: its folders must
// be this user's and writable by no one else (else the constructor throws),
// and an entry of another owner, writable by others, or a symlink, is
// refused (reported absent, so it is made again).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "cache/blob_lock.h"

namespace debimg {

class Cache {
 public:
  // Creates the folders when missing. `root` empty: default_root().
  explicit Cache(std::filesystem::path root = {});
  // $XDG_CACHE_HOME/debimg, else $HOME/.cache/debimg.
  static std::filesystem::path default_root();

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path scratch() const { return root_ / "tmp"; }

  // A new, empty, uniquely named file in scratch(); the caller removes or adopts it.
  std::filesystem::path new_temp_file(const std::string& prefix) const;

  // sha256/<2>/<sha256>; throws Error for anything but 64 lowercase hex
  // digits, so that no caller makes a path of an unchecked string.
  std::filesystem::path blob_path(const std::string& sha256) const;
  // The stored file with that content, after checking its owner, mode, size
  // and hash; a damaged or refused one is removed and reported as absent.
  std::optional<std::filesystem::path> find_verified(const std::string& sha256, uint64_t size) const;
  // Renames a temporary whose hash the caller verified into the store.
  std::filesystem::path adopt(const std::filesystem::path& temp, const std::string& sha256) const;

  // The lock that makes one process of several sharing this cache fetch the
  // blob `sha256`: lock_blob waits (interruptibly) while another holds it,
  // try_lock_blob gives nothing then. Look for the blob again once it is held.
  BlobLock lock_blob(const std::string& sha256) const;
  std::optional<BlobLock> try_lock_blob(const std::string& sha256) const;

  // A state file (e.g. the last verified InRelease of a suite), by relative
  // path; throws Error for an absolute one or one with `..` (or `.`, empty) components.
  std::filesystem::path state_path(const std::string& relative) const;
  // The content of that state file; nullopt when it is absent or refused
  // (owner, mode, not a regular file). Still hostile: the caller validates it.
  std::optional<std::string> read_state(const std::string& relative) const;

 private:
  std::filesystem::path root_;
};


}  // namespace debimg
