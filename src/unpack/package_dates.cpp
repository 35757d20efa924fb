#include "unpack/package_dates.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "unpack/data_tar_cache.h"
#include "unpack/deb_changelog.h"
#include "util/interrupt.h"
#include "util/parallel.h"

namespace debimg {

namespace {

// Beyond the year 9999: no date a changelog or an mtime means.
constexpr int64_t kLatestDate = 253402300799;

struct DebDates {
  std::optional<int64_t> changelog;  // its top entry's
  int64_t newest_mtime = 0;
};

DebDates deb_dates(const ResolvedPackage& p, const std::filesystem::path& deb, const DataTarCache* data_cache) {
  DebReadOptions options;
  std::unique_ptr<DataTarCache::Writer> keep;
  if (data_cache) options = data_cache->read_options(p.sha256, keep);
  ChangelogCollector changelog(p.name, p.architecture);
  DebDates dates;
  try {
    read_deb(deb, p.name + " " + p.version, [&](DebMember member, const TarEntry& entry, EntryData& data) {
      if (member != DebMember::data) return;
      changelog.visit(entry, data);
      if (entry.mtime <= kLatestDate) dates.newest_mtime = std::max(dates.newest_mtime, entry.mtime);
    }, options);
    if (keep) keep->keep();
    dates.changelog = changelog_top_date(changelog.text());
  } catch (const Interrupted&) {
    throw;
  } catch (const Error&) {
    // A .deb that cannot be read dates nothing: unpacking it fails, naming
    // the entry. A changelog that is not gzip dates nothing either.
  }
  if (dates.changelog && (*dates.changelog < 0 || *dates.changelog > kLatestDate)) dates.changelog.reset();
  return dates;
}

}  // namespace

int64_t packages_source_date_epoch(const Lockfile& lock, const std::vector<std::filesystem::path>& debs,
                                   const Cache* cache) {
  std::optional<DataTarCache> data_cache;
  if (cache) data_cache.emplace(*cache);
  std::vector<DebDates> dates(lock.packages.size());
  parallel_for(lock.packages.size(), std::max(2u, std::thread::hardware_concurrency()), [&](size_t i) {
    dates[i] = deb_dates(lock.packages[i], debs.at(i), data_cache ? &*data_cache : nullptr);
  });
  std::optional<int64_t> newest_changelog;
  int64_t newest_mtime = 0;
  for (const DebDates& d : dates) {
    if (d.changelog) newest_changelog = std::max(newest_changelog.value_or(0), *d.changelog);
    newest_mtime = std::max(newest_mtime, d.newest_mtime);
  }
  return newest_changelog.value_or(newest_mtime);
}

}  // namespace debimg
