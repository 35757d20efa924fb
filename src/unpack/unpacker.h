#pragma once
// Unpacks .debs into the staging tree as dpkg --unpack would, without root:
// files on disk belong to the caller, and what they really are (owners,
// modes, device nodes, hardlinks) goes into the FileTable. Conffiles land at
// PATH.dpkg-new until configuration. File conflicts follow dpkg: a package
// may take over another's file only when one of them Replaces the other.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "unpack/file_table.h"
#include "unpack/tree_writer.h"
#include "unpack/unpacked_package.h"

namespace debimg {

class Unpacker {
 public:
  Unpacker(const std::filesystem::path& root, FileTable& table);

  // `label` ("name version") begins every error message.
  const UnpackedPackage& unpack(const std::filesystem::path& deb, const std::string& label);

  const std::vector<UnpackedPackage>& packages() const { return packages_; }
  TreeWriter& tree() { return tree_; }

 private:
  struct Current;
  void control_entry(Current& c, const TarEntry& e, EntryData& data);
  void data_entry(Current& c, const TarEntry& e, EntryData& data);
  // Whether `c` may write the non-directory at `physical`; takes it over from its owner when so.
  bool claim(Current& c, const std::string& physical, const std::string& tar_path);

  TreeWriter tree_;
  FileTable& table_;
  std::vector<UnpackedPackage> packages_;
  std::map<std::string, size_t> owner_;  // physical path of a non-directory → index in packages_
};

}  // namespace debimg
