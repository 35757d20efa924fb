#include "fetch/package_fetcher.h"

#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "util/sha256.h"
#include "util/error.h"
#include "util/interrupt.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

std::string label(const ResolvedPackage& p) { return p.name + " " + p.version; }

std::string gone_from_pool(const std::string& url, const ResolvedPackage& p) {
  return url + ": 404 Not Found: " + label(p) +
         " has left the mirror's pool (old versions go when updates arrive); compose this lock from a cache "
         "that holds it (--cache-dir, --offline), point `uris` at a snapshot mirror, or refresh it with "
         "`debimg lock --update`";
}

// Downloads one package from the first of the suite's URIs that has it,
// verified (and retried when corrupt) while it streams, into the cache.
fs::path download(const ResolvedPackage& p, const ArchiveSuite& suite, const Cache& cache, const FetchOptions& o) {
  std::string last;
  for (const auto& uri : suite.uris) {
    const std::string url = uri + p.filename;
    fs::path temp = cache.new_temp_file("deb");
    try {
      HttpOptions http = with_login(o.http, suite, uri);
      http.expect = ExpectedBody{p.sha256, p.size, "the lock"};
      if (o.http.on_retry) http.on_retry = [&](const std::string& line) { o.http.on_retry(label(p) + ": " + line); };
      if (o.http.on_stall) http.on_stall = [&](const std::string& line) { o.http.on_stall(label(p) + ": " + line); };
      http_download(url, temp, http);
      return cache.adopt(temp, p.sha256);
    } catch (const HttpError& e) {
      fs::remove(temp);
      last = e.not_found() ? gone_from_pool(url, p) : label(p) + ": " + e.what();
    } catch (...) {
      fs::remove(temp);
      throw;
    }
  }
  throw Error(last);
}

// The verified file for one package: from the cache, else downloaded. While
// another process holds the package's lock, `wait` false gives nothing (come
// back later); true waits for it, then takes what it stored.
std::optional<fs::path> fetch_one(const ResolvedPackage& p, const ArchiveSuite* suite, const Profile& profile,
                                  const Cache& cache, const FetchOptions& o, bool wait, bool& downloaded) {
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
  std::optional<BlobLock> lock = wait ? std::optional<BlobLock>(cache.lock_blob(p.sha256)) : cache.try_lock_blob(p.sha256);
  if (!lock) return std::nullopt;
  if (auto hit = cache.find_verified(p.sha256, p.size)) return *hit;  // another process stored it meanwhile
  downloaded = true;
  return download(p, *suite, cache, o);
}

// The packages still to fetch: first each in lock order; one that another
// process is fetching comes back at the end, to be waited for.
class WorkQueue {
 public:
  explicit WorkQueue(size_t size) : size_(size) {}
  // The next index and whether to wait for its lock; nothing when all are handed out.
  std::optional<std::pair<size_t, bool>> next() {
    if (size_t i = next_++; i < size_) return std::pair{i, false};
    std::lock_guard<std::mutex> guard(mutex_);
    if (deferred_.empty()) return std::nullopt;
    const size_t i = deferred_.back();
    deferred_.pop_back();
    return std::pair{i, true};
  }
  void defer(size_t i) {
    std::lock_guard<std::mutex> guard(mutex_);
    deferred_.push_back(i);
  }

 private:
  size_t size_;
  std::atomic<size_t> next_{0};
  std::mutex mutex_;
  std::vector<size_t> deferred_;
};

// `options` whose retry and stall lines are said one at a time (under
// `mutex`), the retries counted in `retries`.
FetchOptions counting_retries(const FetchOptions& options, std::mutex& mutex, size_t& retries) {
  FetchOptions counted = options;
  counted.http.on_retry = [&options, &mutex, &retries](const std::string& line) {
    std::lock_guard<std::mutex> lock_guard(mutex);
    ++retries;
    if (options.http.on_retry) options.http.on_retry(line);
  };
  if (options.http.on_stall)
    counted.http.on_stall = [&options, &mutex](const std::string& line) {
      std::lock_guard<std::mutex> lock_guard(mutex);
      options.http.on_stall(line);
    };
  return counted;
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
  WorkQueue queue(packages.size());
  std::atomic<bool> failed{false};
  std::mutex mutex;  // guards result counters, progress, retry lines and the first error
  std::exception_ptr error;
  size_t done = 0;
  const FetchOptions counted = counting_retries(options, mutex, result.retries);
  auto worker = [&] {
    while (!failed) {
      auto item = queue.next();
      if (!item) return;
      const auto [i, wait] = *item;
      try {
        check_interrupted();
        bool downloaded = false;
        auto suite = by_suite.find(packages[i].suite);
        std::optional<fs::path> file = fetch_one(packages[i], suite == by_suite.end() ? nullptr : suite->second, profile,
                                                 cache, counted, wait, downloaded);
        if (!file) {
          queue.defer(i);
          continue;
        }
        std::lock_guard<std::mutex> lock_guard(mutex);
        result.files[i] = *file;
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
