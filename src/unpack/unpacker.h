#pragma once
// Unpacks .debs into the staging tree as dpkg --unpack would, without root:
// files on disk belong to the caller, and what they really are (owners,
// modes, device nodes, hardlinks) goes into the FileTable. Conffiles land at
// PATH.dpkg-new until configuration. File conflicts follow dpkg: a package
// may take over another's file only when one of them Replaces the other.
//
// Packages unpack in parallel (path lookups and file creation dominate, and
// they overlap well). Conflicts are decided in the given (lock) order, as
// dpkg would unpack them one after another: directory metadata comes from
// the earliest package that has the directory, a contested file goes to the
// package that Replaces the other. Whenever the parallel packages' paths
// meet (a path two of them ship, unless both ship a directory, or one going
// through another's symlink) or any fails, the outcome could depend on thread
// timing, so unpack_all throws UnpackAgainInOrder and the caller unpacks
// again, into a fresh tree, with one thread.
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "unpack/data_tar_cache.h"
#include "unpack/entry_checks.h"
#include "unpack/file_table.h"
#include "unpack/path_filter.h"
#include "unpack/tree_writer.h"
#include "unpack/unpacked_package.h"
#include "util/error.h"

namespace debimg {

// From a parallel unpack_all whose result could depend on scheduling; what()
// says why. The tree and table are half-written: start again with one thread.
class UnpackAgainInOrder : public Error {
 public:
  using Error::Error;
};

class Unpacker {
 public:
  Unpacker(const std::filesystem::path& root, FileTable& table);
  // Paths to leave out (slim); must outlive unpack_all.
  void set_filter(const PathFilter* filter) { filter_ = filter; }
  // Where packages' data.tar is kept between composes; must outlive unpack_all.
  void set_data_cache(const DataTarCache* cache) { data_cache_ = cache; }

  struct Job {
    std::filesystem::path deb;
    std::string label;   // "name version": begins every error message
    std::string sha256;  // the .deb's, for the data.tar cache; empty: not cached
    PackageIdentity lock;  // the lock stanza it was fetched for: its control file must agree
  };
  // The first `serial` jobs one after another, then the rest `threads` at a time.
  void unpack_all(const std::vector<Job>& jobs, unsigned threads, size_t serial = 0);

  const std::vector<UnpackedPackage>& packages() const { return packages_; }
  TreeWriter& tree() { return tree_; }

 private:
  struct Current;
  void unpack_one(const Job& job, size_t index, TreeWriter& tree);
  void control_entry(Current& c, const TarEntry& e, EntryData& data);
  void data_entry(Current& c, const TarEntry& e, EntryData& data);
  // Whether `c` may write the non-directory at `physical` (taking it over when it Replaces the owner).
  bool claim(Current& c, const std::string& physical, const std::string& tar_path);
  void set_dir_meta(const std::string& physical, const FileMeta& meta, size_t index);
  void set_file_meta(const std::string& physical, const FileMeta& meta, size_t index);
  // Throws UnpackAgainInOrder when `physical`, used by package `index`, is
  // also used by another package unpacking in parallel. Call with mutex_ held.
  void check_shared(const std::string& physical, size_t index, bool as_directory);
  void check_links(const std::vector<std::string>& links, size_t index);

  struct Claimant {
    std::string name, version;
    std::vector<std::string> replaces;
  };

  TreeWriter tree_;  // for the caller, after unpacking
  std::filesystem::path root_;
  FileTable& table_;
  std::vector<UnpackedPackage> packages_;
  const PathFilter* filter_ = nullptr;
  const DataTarCache* data_cache_ = nullptr;

  size_t serial_ = 0;      // packages before this index were unpacked alone
  bool parallel_ = false;  // whether the others are unpacked in parallel

  std::mutex mutex_;  // guards everything below, and table_
  std::vector<Claimant> claimants_;                   // by package index, filled when its control is read
  std::map<std::string, size_t> owner_;               // physical path of a non-directory → package index
  std::map<std::string, size_t> dir_order_;           // physical directory → index whose metadata it has
  std::map<std::string, size_t> dir_user_;            // physical directory → first index that shipped it
  std::map<size_t, std::set<std::string>> taken_;     // package index → its paths another package took over
  // Package index → tar path → MD5, for packages without md5sums: dpkg's own
  // md5sums are written from the final lists, after takeovers.
  std::map<size_t, std::map<std::string, std::string>> computed_md5_;
  std::atomic<unsigned> symlinks_replaced_{0};        // tells other threads their directory caches may be stale
};

}  // namespace debimg
