#include "diff/update_fixes.h"

#include <zlib.h>

#include <set>

#include "fetch/package_fetcher.h"
#include "unpack/deb_reader.h"
#include "util/error.h"

namespace debimg {

namespace {

constexpr size_t kChangelogLimit = 8 << 20;  // compressed; openssl's is 200 kB

// A gzip member, inflated to at most 8 times the limit.
std::string gunzip(const std::string& data, const std::string& what) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw Error(what + ": cannot start zlib");
  struct End {
    z_stream* z;
    ~End() { inflateEnd(z); }
  } end{&z};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[65536];
  for (int rc = Z_OK; rc != Z_STREAM_END;) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) throw Error(what + ": not a gzip file (zlib: " + std::to_string(rc) + ")");
    out.append(buffer, sizeof buffer - z.avail_out);
    if (out.size() > 8 * kChangelogLimit) throw Error(what + ": larger than " + std::to_string(8 * kChangelogLimit) + " bytes");
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) throw Error(what + ": truncated");
  }
  return out;
}

}  // namespace

std::string deb_changelog(const std::filesystem::path& deb, const std::string& name, const std::string& arch) {
  const std::string doc = "usr/share/doc/" + name + "/";
  std::string main, binnmu;
  read_deb(deb, name, [&](DebMember member, const TarEntry& entry, EntryData& data) {
    if (member != DebMember::data || entry.type != EntryType::file) return;
    if (entry.path == doc + "changelog.Debian.gz")
      main = gunzip(data.read_all(kChangelogLimit), name + ": " + entry.path);
    else if (entry.path == doc + "changelog.Debian." + arch + ".gz")
      binnmu = gunzip(data.read_all(kChangelogLimit), name + ": " + entry.path);
  });
  return binnmu.empty() ? main : binnmu + "\n" + main;
}

std::map<std::string, ChangelogFixes> update_fixes(const Lockfile& before, const Lockfile& after,
                                                   const std::vector<ArchiveSuite>& suites, const Profile& profile,
                                                   const Cache& cache, bool offline) {
  std::map<std::string, std::string> old_versions;
  for (const auto& p : before.packages) old_versions[p.name + ":" + p.architecture] = p.version;
  Lockfile changed = after;  // only the replaced packages, each .deb once
  changed.packages.clear();
  std::set<std::string> debs;
  for (const auto& p : after.packages) {
    auto old = old_versions.find(p.name + ":" + p.architecture);
    if (old != old_versions.end() && old->second != p.version && p.suite != "local" && debs.insert(p.sha256).second)
      changed.packages.push_back(p);
  }
  std::map<std::string, ChangelogFixes> out;
  if (changed.packages.empty()) return out;
  FetchOptions options;
  options.offline = offline;
  const FetchResult fetched = fetch_packages(changed, suites, profile, cache, options);
  for (size_t i = 0; i < changed.packages.size(); ++i) {
    const ResolvedPackage& p = changed.packages[i];
    const std::string key = p.name + ":" + p.architecture;
    const std::string changelog = deb_changelog(fetched.files.at(i), p.name, p.architecture);
    ChangelogFixes fixes;
    if (!changelog.empty()) fixes = fixes_between(changelog, old_versions[key], p.version);
    out[key] = fixes;
  }
  return out;
}

}  // namespace debimg
