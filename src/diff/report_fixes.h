#pragma once
// What each changed source package of a report fixes, by the new changelog:
// the CVE ids and Debian bugs its entries after the old version name, read
// once per source from one of its new binaries (the one named as the source
// first: a library's doc folder often links to another package's).
#include <optional>
#include <string>
#include <vector>

#include "diff/update_report.h"

namespace debimg {

// Where a new binary's changelog comes from: a lock's .debs (fetched by
// their locked SHA-256) or an image's own /usr/share/doc.
class ChangelogReader {
 public:
  virtual ~ChangelogReader() = default;
  // Makes the reads of `wanted` ready at once (parallel downloads).
  virtual void prepare(const std::vector<ResolvedPackage>& wanted) = 0;
  // The changelog's text, "" when the package has none; nullopt when it
  // cannot be had now, with `reason` saying why.
  virtual std::optional<std::string> changelog(const ResolvedPackage& package, const std::string& platform,
                                               std::string& reason) = 0;
};

// Fills SourceFixes of every changed source; a note names those it could not read.
void add_fixes(UpdateReport& report, ChangelogReader& reader);

}  // namespace debimg
