#include "fetch/package_fetcher.h"

#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "util/sha256.h"
#include "util/error.h"
#include "util/interrupt.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

std::string label(const ResolvedPackage& p) { return p.name + " " + p.version; }

// The verified file for one package: from the cache, else downloaded.
fs::path fetch_one(const ResolvedPackage& p, const ArchiveSuite* suite, const Profile& profile, const Cache& cache,
                   const FetchOptions& o, bool& downloaded) {
  downloaded = false;
  if (p.suite == "local") {
    fs::path deb = profile.resolve_path(p.filename);
    std::error_code ec;
    if (!fs::exists(deb, ec)) throw Error(label(p) + ": the local package " + deb.string() + " is gone");
    if (sha256_file(deb) != p.sha256)
      throw Error(label(p) + ": " + deb.string() + " has changed since the lock (SHA256 differs); run `debimg lock --update`");
    return deb;
  }
  if (auto hit = cache.find_verified(p.sha256, p.size)) return *hit;
  if (o.offline) throw Error("--offline: the cache lacks " + label(p) + " (" + p.filename + ")");
  if (!suite || suite->uris.empty())
    throw Error(label(p) + ": the lock names suite '" + p.suite + "', which the profile does not have");
  std::string last;
  for (const auto& uri : suite->uris) {
    const std::string url = uri + p.filename;
    fs::path temp = cache.new_temp_file("deb");
    try {
      HttpOptions http = with_login(o.http, *suite, uri);
      http.max_size = p.size;
      Download d = http_download(url, temp, http);
      if (d.size != p.size || d.sha256 != p.sha256)
        throw Error(label(p) + ": " + url + ": SHA256 or size differs from the lock (got " + d.sha256 + ", " +
                    std::to_string(d.size) + " bytes; the lock says " + p.sha256 + ", " + std::to_string(p.size) + ")");
      downloaded = true;
      return cache.adopt(temp, p.sha256);
    } catch (const HttpError& e) {
      fs::remove(temp);
      if (e.not_found())
        last = url + ": 404 Not Found: " + label(p) +
               " has left the mirror's pool (old versions go when updates arrive); compose this lock from a cache "
               "that holds it (--cache-dir, --offline), point `uris` at a snapshot mirror, or refresh it with "
               "`debimg lock --update`";
      else
        last = label(p) + ": " + e.what();
    } catch (...) {
      fs::remove(temp);
      throw;
    }
  }
  throw Error(last);
}

}  // namespace

CacheShortfall missing_from_cache(const Lockfile& lock, const Cache& cache) {
  CacheShortfall out;
  std::set<std::string> seen;
  for (const auto& p : lock.packages)
    if (p.suite != "local" && seen.insert(p.sha256).second && !cache.find_verified(p.sha256, p.size)) {
      ++out.packages;
      out.bytes += p.size;
    }
  return out;
}

FetchResult fetch_packages(const Lockfile& lock, const std::vector<ArchiveSuite>& suites, const Profile& profile,
                           const Cache& cache, const FetchOptions& options) {
  std::map<std::string, const ArchiveSuite*> by_suite;  // filled before the workers start, then only read
  for (const auto& s : suites) by_suite[s.suite] = &s;
  const auto& packages = lock.packages;
  FetchResult result;
  result.files.resize(packages.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;  // guards result counters, progress and the first error
  std::exception_ptr error;
  size_t done = 0;
  auto worker = [&] {
    while (!failed) {
      size_t i = next++;
      if (i >= packages.size()) return;
      try {
        check_interrupted();
        bool downloaded = false;
        auto suite = by_suite.find(packages[i].suite);
        fs::path file = fetch_one(packages[i], suite == by_suite.end() ? nullptr : suite->second, profile, cache,
                                  options, downloaded);
        std::lock_guard<std::mutex> lock_guard(mutex);
        result.files[i] = file;
        if (downloaded) {
          ++result.downloaded;
          result.downloaded_bytes += packages[i].size;
        }
        options.progress(++done, packages.size(), result.downloaded_bytes);
      } catch (...) {
        std::lock_guard<std::mutex> lock_guard(mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(packages.size())));
  for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  return result;
}

}  // namespace debimg
