#pragma once
// A package's Debian changelog, from its .deb, and the date of its newest
// entry: what `dpkg-parsechangelog -STimestamp` prints, and what a Debian
// build takes for its SOURCE_DATE_EPOCH. All of it is hostile input.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "unpack/deb_reader.h"

namespace debimg {

// The version an entry's first line names ("app (1.2-3) bookworm; urgency=low"
// → "1.2-3", debian-policy 4.4); nullopt for any other line.
std::optional<std::string> changelog_entry_version(const std::string& line);

// The date in the first entry's trailer (" -- Name <mail>  Mon, 22 Jan 2024
// 10:00:00 +0100") in seconds since 1970; nullopt when the text does not start
// with an entry, or its trailer's date is not in that (RFC 5322) form.
std::optional<int64_t> changelog_top_date(const std::string& changelog);

// Collects package `name`'s changelog while its data.tar entries are visited
// (read_deb): usr/share/doc/NAME/changelog.Debian.gz, a binNMU's
// changelog.Debian.ARCH.gz, or a native package's changelog.gz.
class ChangelogCollector {
 public:
  ChangelogCollector(const std::string& name, const std::string& architecture);
  void visit(const TarEntry& entry, EntryData& data);
  // The text, decompressed: a binNMU's entries before the source's; "" when
  // the package has none. Throws Error when a member is not gzip.
  std::string text() const;

 private:
  std::string name_, arch_;
  std::string main_, binnmu_, native_;  // gzip, as the .deb holds them
};

// The changelog of package `name` in the .deb at `deb` (ChangelogCollector::text).
std::string deb_changelog(const std::filesystem::path& deb, const std::string& name, const std::string& architecture);

// A changelog's gzip bytes, inflated to at most 64 MB; `what` names it in errors.
std::string gunzip_changelog(const std::string& gz, const std::string& what);

}  // namespace debimg
