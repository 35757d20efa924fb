#include "repo/metadata_loader.h"

#include <apt-pkg/fileutl.h>
#include <apt-pkg/strutl.h>

#include <algorithm>
#include <ctime>
#include <optional>
#include <system_error>

#include "repo/signature_check.h"
#include "util/apt_config.h"
#include "util/error.h"
#include "validate/identifiers.h"
#include "util/files.h"
#include "util/sha256.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {


// Where the last verified InRelease of a suite is kept, for --offline.
std::string state_name(const std::string& uri, const std::string& suite) {
  return "metadata/" + URItoFileName(uri + "dists/" + suite) + "_InRelease";
}

struct FetchedRelease {
  std::string uri;
  std::string raw;   // the file as served
  std::string url;   // where it came from (for messages)
};

// InRelease from the first URI that answers (or, offline, from the cache).
FetchedRelease fetch_release(const ArchiveSuite& a, const Cache& cache, const MetadataOptions& o) {
  std::string last_error;
  for (const auto& uri : a.uris) {
    std::string url = uri + "dists/" + a.suite + "/InRelease";
    if (o.offline) {
      // Verified again like a download: the cache is not trusted.
      if (auto stored = cache.read_state(state_name(uri, a.suite))) return {uri, *stored, url};
      last_error = "--offline: the cache has no metadata for suite '" + a.suite + "' from " + uri +
                   " (run once without --offline)";
      continue;
    }
    HttpOptions http = with_login(o.http, a, uri);
    http.max_size = 64u << 20;
    try {
      o.progress("Get " + url);
      return {uri, http_get(url, http), url};
    } catch (const HttpError& e) {
      if (!e.not_found()) {
        last_error = e.what();
        continue;
      }
    }
    // No InRelease: an unsigned archive (Release alone) or no such suite.
    std::string release_url = uri + "dists/" + a.suite + "/Release";
    std::string release;
    try {
      release = http_get(release_url, http);
    } catch (const HttpError& e) {
      if (!e.not_found()) throw;
      throw Error(url + ": 404 Not Found: the archive at " + uri + " has no suite '" + a.suite + "'");
    }
    if (!a.trusted)
      throw Error(url + ": 404 Not Found: suite '" + a.suite + "' is not signed (only " + release_url +
                  " exists); `trusted: true` on its source accepts unsigned metadata");
    return {uri, release, release_url};
  }
  throw Error(last_error);
}

std::string index_dir(const std::string& path) { return path.substr(0, path.rfind('/')); }

// The Packages index for component/arch that the Release lists: .xz, .gz, plain.
const std::pair<const std::string, ReleaseEntry>* pick_index(const ReleaseFile& r, const std::string& component,
                                                             const std::string& arch) {
  for (const char* ext : {".xz", ".gz", ""}) {
    auto it = r.sha256.find(component + "/binary-" + arch + "/Packages" + ext);
    if (it != r.sha256.end()) return &*it;
  }
  return nullptr;
}

IndexFile fetch_index(const SuiteMetadata& m, const std::string& component, const std::string& arch,
                      const std::pair<const std::string, ReleaseEntry>& entry, const Cache& cache,
                      const MetadataOptions& o) {
  IndexFile f{component, arch, entry.first, entry.second.sha256, entry.second.size, {}, false, {}};
  std::string base = m.uri + "dists/" + m.archive.suite + "/";
  std::string url = m.release.acquire_by_hash ? base + index_dir(entry.first) + "/by-hash/SHA256/" + f.sha256
                                              : base + entry.first;
  if (auto hit = cache.find_verified(f.sha256, f.size)) {
    f.file = *hit;
    return f;
  }
  if (o.offline) throw Error("--offline: the cache lacks " + url + " (run once without --offline)");
  // Composes sharing the cache download it once: the others wait, then find it.
  const BlobLock lock = cache.lock_blob(f.sha256);
  if (auto hit = cache.find_verified(f.sha256, f.size)) {
    f.file = *hit;
    return f;
  }
  fs::path temp = cache.new_temp_file("index");
  try {
    HttpOptions http = with_login(o.http, m.archive, m.uri);
    http.expect = ExpectedBody{f.sha256, f.size, "the signed Release"};
    o.progress("Get " + url);
    http_download(url, temp, http);  // verified while it streams, retried when corrupt
    f.file = cache.adopt(temp, f.sha256);
    f.downloaded = true;
  } catch (...) {
    fs::remove(temp);
    throw;
  }
  return f;
}

// The uncompressed index in the cache, made (once) by decompressing the
// verified download and checking the result against the Release.
fs::path plain_copy(const IndexFile& f, const ReleaseEntry& plain, const Cache& cache) {
  if (auto hit = cache.find_verified(plain.sha256, plain.size)) return *hit;
  FileFd::CompressMode mode = f.path.ends_with(".xz")   ? FileFd::Xz
                              : f.path.ends_with(".gz") ? FileFd::Gzip
                                                        : FileFd::None;
  FileFd in;
  if (!in.Open(f.file.string(), FileFd::ReadOnly, mode)) throw Error("cannot decompress " + f.path + ": " + apt_errors());
  fs::path temp = cache.new_temp_file("plain");
  try {
    FileFd out;
    if (!out.Open(temp.string(), FileFd::WriteOnly | FileFd::Create | FileFd::Empty, FileFd::None))
      throw Error("cannot write " + temp.string() + ": " + apt_errors());
    Sha256 hash;
    std::string buffer(1 << 16, '\0');
    unsigned long long got = 0, total = 0;
    while (in.Read(buffer.data(), buffer.size(), &got) && got > 0) {
      hash.update(buffer.data(), got);
      if (!out.Write(buffer.data(), got)) throw Error("cannot write " + temp.string() + ": " + apt_errors());
      total += got;
    }
    if (in.Failed() || !out.Close()) throw Error("cannot decompress " + f.path + ": " + apt_errors());
    if (total != plain.size || hash.hex() != plain.sha256)
      throw Error(f.path + ": decompressed content does not match the signed Release's entry for the plain index");
    return cache.adopt(temp, plain.sha256);
  } catch (...) {
    fs::remove(temp);
    throw;
  }
}

// A Release as served (or cached), its text trusted only once verified.
struct CheckedRelease {
  std::string raw, url;
  std::vector<std::string> signers;
  bool verified = false;
  ReleaseFile release;
};

CheckedRelease check_release(const ArchiveSuite& a, const std::string& uri, const std::string& raw, const std::string& url,
                             const Cache& cache, const MetadataOptions& o) {
  CheckedRelease c{raw, url, {}, false, {}};
  std::string text;
  if (a.trusted) {
    text = raw.find(kSignedHeader) != std::string::npos ? unverified_clearsigned_text(raw, url) : raw;
    o.warn("suite '" + a.suite + "' from " + uri + " is NOT verified: its source says `trusted: true`");
  } else {
    VerifiedText v = verify_clearsigned(raw, a.keyrings, cache.scratch(), url);
    text = std::move(v.text);
    c.signers = std::move(v.fingerprints);
    c.verified = true;
  }
  c.release = parse_release(text, url);
  return c;
}

// The Release this cache last verified for the suite from `uri`, checked
// again (the cache is not trusted); nothing when there is none that passes.
std::optional<CheckedRelease> cached_release(const ArchiveSuite& a, const std::string& uri, const std::string& served,
                                             const Cache& cache, const MetadataOptions& o) {
  std::optional<std::string> stored = cache.read_state(state_name(uri, a.suite));
  if (!stored || *stored == served) return std::nullopt;
  try {
    MetadataOptions quiet = o;
    quiet.warn = [](const std::string&) {};
    return check_release(a, uri, *stored, uri + "dists/" + a.suite + "/InRelease (cached)", cache, quiet);
  } catch (const Error&) {
    return std::nullopt;  // not a Release this profile's keyrings accept: not one debimg holds
  }
}

// What was served, unless it predates what the cache holds: then the cached
// one, with a warning naming the source (--allow-older-metadata: the served one).
CheckedRelease fresh_release(const ArchiveSuite& a, const FetchedRelease& fetched, const Cache& cache,
                             const MetadataOptions& o, bool& kept_cached) {
  kept_cached = false;
  CheckedRelease served = check_release(a, fetched.uri, fetched.raw, fetched.url, cache, o);
  if (!o.offline) {  // offline, what is served is the cache's
    require_not_future(served.release, fetched.url, o.freshness, std::time(nullptr));
    std::optional<CheckedRelease> cached = cached_release(a, fetched.uri, fetched.raw, cache, o);
    if (cached && cached->release.date_time > served.release.date_time) {
      kept_cached = !o.freshness.allow_older;
      o.warn(older_release_warning(served.release, fetched.url, cached->release, kept_cached));
      if (kept_cached) served = std::move(*cached);
    }
  }
  require_not_older(served.release, served.url, a.suite, o.held, o.freshness);
  return served;
}

SuiteMetadata load_suite(const ArchiveSuite& a, const Cache& cache, const MetadataOptions& o) {
  SuiteMetadata m;
  m.archive = a;
  FetchedRelease fetched = fetch_release(a, cache, o);
  bool kept_cached = false;
  CheckedRelease checked = fresh_release(a, fetched, cache, o, kept_cached);
  m.uri = fetched.uri;
  m.inrelease = checked.raw;
  m.inrelease_sha256 = sha256_hex(checked.raw);
  m.signers = std::move(checked.signers);
  m.verified = checked.verified;
  m.release = std::move(checked.release);
  if (a.check_valid_until && m.release.valid_until_time && std::time(nullptr) > m.release.valid_until_time)
    throw Error(checked.url + ": expired: Valid-Until " + m.release.valid_until +
                " has passed (a replayed or stale archive; `check-valid-until: false` accepts it)");
  // Another suite's Release served in place of this one (a downgrade to an
  // older, signed release) is refused, unless the profile names that codename.
  if (a.codename.empty() ? m.release.suite != a.suite && m.release.codename != a.suite
                         : m.release.codename != a.codename)
    throw Error(checked.url + ": says Suite " + quoted_value(m.release.suite) + ", Codename " +
                quoted_value(m.release.codename) + ", not " + quoted_value(a.codename.empty() ? a.suite : a.codename) +
                " (another suite's Release; `codename:` in the source accepts a different one on purpose)");

  for (const auto& component : a.components) {
    // As apt: binary-all counts when the Release lists "all" (or lists no
    // architectures) and does not say its packages are in binary-ARCH.
    const auto& listed = m.release.architectures;
    bool all_listed = listed.empty() || std::find(listed.begin(), listed.end(), "all") != listed.end();
    std::vector<std::string> archs{o.architecture};
    if (all_listed && !m.release.no_support_for_architecture_all && pick_index(m.release, component, "all"))
      archs.push_back("all");
    for (const auto& arch : archs) {
      auto entry = pick_index(m.release, component, arch);
      if (!entry)
        throw Error(checked.url + ": no Packages index for " + component + "/binary-" + arch +
                    " (components: " + join(m.release.components) + "; architectures: " +
                    join(m.release.architectures) + ")");
      IndexFile index = fetch_index(m, component, arch, *entry, cache, o);
      auto plain = m.release.sha256.find(component + "/binary-" + arch + "/Packages");
      if (plain != m.release.sha256.end() && plain->first != index.path)
        index.plain_file = plain_copy(index, plain->second, cache);
      m.indexes.push_back(std::move(index));
    }
  }
  // Only now, with everything verified, remember this InRelease for --offline.
  if (!o.offline && !kept_cached) {
    fs::path state = cache.state_path(state_name(m.uri, a.suite));
    fs::create_directories(state.parent_path());
    write_file_atomic(state, m.inrelease);
  }
  return m;
}

}  // namespace

std::vector<SuiteMetadata> load_metadata(const std::vector<ArchiveSuite>& suites, const Cache& cache,
                                         const MetadataOptions& options) {
  std::vector<SuiteMetadata> out;
  for (const auto& a : suites) out.push_back(load_suite(a, cache, options));
  return out;
}

}  // namespace debimg
