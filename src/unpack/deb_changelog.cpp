#include "unpack/deb_changelog.h"

#include <zlib.h>

#include <algorithm>
#include <regex>
#include <vector>
#include <sstream>

#include "util/error.h"

namespace debimg {

namespace {

constexpr size_t kChangelogLimit = 8 << 20;  // compressed; openssl's is 200 kB

// debian-policy 4.4: "package (version) distribution(s); urgency=…" starts an entry.
const std::regex kEntry(R"(^([a-z0-9][a-z0-9+.-]*) \(([^ ()]+)\) [^;]*;)");
// Its trailer: " -- maintainer <address>  date", the date as RFC 5322 writes
// it, with what dpkg's parser lets pass with a warning: one space before the
// date, no day of the week, more spaces, a one-digit hour, a full month name.
const std::regex kTrailer(
    R"(^ -- .*>  ?(?:[A-Za-z]+,\s*)?([0-9]{1,2})\s+([A-Z][a-z]+)\s+([0-9]{4})\s+([0-9]{1,2}):([0-9]{2}):([0-9]{2})\s+([+-])([0-9]{2})([0-9]{2})\s*$)");

// Days from 1970-01-01 to the civil date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> trailer_date(const std::smatch& m) {
  static const std::vector<std::string> kMonths{"January", "February", "March",     "April",   "May",      "June",
                                                "July",    "August",   "September", "October", "November", "December"};
  const std::string name = m[2];
  const auto it = std::find_if(kMonths.begin(), kMonths.end(),
                               [&](const std::string& full) { return name == full || name == full.substr(0, 3); });
  if (it == kMonths.end()) return std::nullopt;
  const auto month = static_cast<unsigned>(it - kMonths.begin()) + 1;
  const int day = std::stoi(m[1]), hour = std::stoi(m[4]), minute = std::stoi(m[5]), second = std::stoi(m[6]);
  const int zone_hours = std::stoi(m[8]), zone_minutes = std::stoi(m[9]);
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || zone_minutes > 59) return std::nullopt;
  const int64_t offset = (m[7] == "-" ? -1 : 1) * (zone_hours * 3600 + zone_minutes * 60);
  return days_from_civil(std::stoi(m[3]), month, static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second - offset;
}

}  // namespace

std::optional<std::string> changelog_entry_version(const std::string& line) {
  std::smatch m;
  if (!std::regex_search(line, m, kEntry)) return std::nullopt;
  return m[2].str();
}

std::optional<int64_t> changelog_top_date(const std::string& changelog) {
  std::istringstream in(changelog);
  std::string line;
  while (std::getline(in, line) && line.find_first_not_of(" \t\r") == std::string::npos) {
  }
  if (!changelog_entry_version(line)) return std::nullopt;
  while (std::getline(in, line)) {
    if (changelog_entry_version(line)) return std::nullopt;  // the first entry has no trailer
    if (line.rfind(" -- ", 0) != 0) continue;
    std::smatch m;
    return std::regex_search(line, m, kTrailer) ? trailer_date(m) : std::nullopt;
  }
  return std::nullopt;
}

ChangelogCollector::ChangelogCollector(const std::string& name, const std::string& architecture)
    : name_(name), arch_(architecture) {}

void ChangelogCollector::visit(const TarEntry& entry, EntryData& data) {
  const std::string doc = "usr/share/doc/" + name_ + "/";
  if (entry.type != EntryType::file || entry.path.rfind(doc, 0) != 0) return;
  const std::string file = entry.path.substr(doc.size());
  std::string* into = file == "changelog.Debian.gz"                   ? &main_
                      : file == "changelog.Debian." + arch_ + ".gz" ? &binnmu_
                      : file == "changelog.gz"                      ? &native_
                                                                    : nullptr;
  if (into && entry.size <= kChangelogLimit) *into = data.read_all(kChangelogLimit);  // a larger one counts as none
}

std::string ChangelogCollector::text() const {
  const std::string doc = "usr/share/doc/" + name_ + "/";
  auto inflated = [&](const std::string& gz, const std::string& file) {
    return gz.empty() ? std::string() : gunzip_changelog(gz, name_ + ": " + doc + file);
  };
  if (main_.empty() && binnmu_.empty()) return inflated(native_, "changelog.gz");
  const std::string main = inflated(main_, "changelog.Debian.gz");
  return binnmu_.empty() ? main : inflated(binnmu_, "changelog.Debian." + arch_ + ".gz") + "\n" + main;
}

std::string gunzip_changelog(const std::string& data, const std::string& what) {
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

std::string deb_changelog(const std::filesystem::path& deb, const std::string& name, const std::string& arch) {
  ChangelogCollector changelog(name, arch);
  read_deb(deb, name, [&](DebMember member, const TarEntry& entry, EntryData& data) {
    if (member == DebMember::data) changelog.visit(entry, data);
  });
  return changelog.text();
}

}  // namespace debimg
