#include "resolve/apt_root.h"

#include <apt-pkg/error.h>
#include <apt-pkg/indexfile.h>
#include <apt-pkg/init.h>
#include <apt-pkg/metaindex.h>
#include <apt-pkg/pkgsystem.h>
#include <apt-pkg/sourcelist.h>
#include <apt-pkg/strutl.h>

#include <cstdlib>

#include "util/error.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

std::string compression_suffix(const std::string& path) {
  for (const char* ext : {".xz", ".gz", ".zst", ".lz4", ".bz2"})
    if (path.size() > std::string(ext).size() && path.compare(path.size() - std::string(ext).size(), std::string::npos, ext) == 0)
      return ext;
  return "";
}

void link(const fs::path& target, const fs::path& name) {
  std::error_code ec;
  fs::create_symlink(target, name, ec);
  if (ec) throw Error("cannot link " + name.string() + " → " + target.string() + ": " + ec.message());
}

}  // namespace

AptRoot::AptRoot(const std::vector<SuiteMetadata>& suites, const std::string& architecture, const fs::path& scratch,
                 const std::vector<fs::path>& local_debs)
    : root_(scratch, "aptroot-") {
  const fs::path& root = root_.path();
  for (const char* dir : {"etc/apt/apt.conf.d", "etc/apt/preferences.d", "etc/apt/sources.list.d",
                          "var/lib/apt/lists/partial", "var/lib/dpkg", "var/cache/apt/archives/partial"})
    fs::create_directories(root / dir);
  write_file_atomic(root / "var/lib/dpkg/status", "");

  std::string sources;
  for (const auto& s : suites)
    sources += "deb [trusted=yes arch=" + architecture + "] " + s.uri + " " + s.archive.suite + " " +
               join(s.archive.components, " ") + "\n";
  write_file_atomic(root / "etc/apt/sources.list", sources);

  // Dir before pkgInitConfig keeps the host's apt.conf.d out;
  // the rest after it, since pkgInitConfig fills defaults.
  ::unsetenv("APT_CONFIG");
  Configuration& c = *_config;
  c.Set("Dir", root.string() + "/");
  if (!pkgInitConfig(c)) throw Error("cannot set up apt: " + apt_errors());
  c.Set("Dir", root.string() + "/");
  c.Set("Dir::State::status", (root / "var/lib/dpkg/status").string());
  c.Set("APT::Architecture", architecture);
  c.Clear("APT::Architectures");
  c.Set("APT::Architectures::", architecture);
  c.Set("pkgCacheGen::ForceEssential", ",");
  c.Set("APT::Install-Recommends", "false");
  c.Set("APT::Install-Suggests", "false");
  c.Set("Acquire::Languages", "none");
  c.Set("Dir::Cache::pkgcache", "");
  c.Set("Dir::Cache::srcpkgcache", "");
  c.Set("Debug::NoLocking", "true");
  if (!pkgInitSystem(c, _system)) throw Error("cannot set up apt's system: " + apt_errors());

  cache_ = std::make_unique<pkgCacheFile>();
  pkgSourceList* list = cache_->GetSourceList();
  if (!list || _error->PendingError()) throw Error("apt cannot read debimg's private sources: " + apt_errors());

  // Link every verified index where apt looks for it, and give it the
  // verified InRelease too (Origin, Suite and Codename for pinning).
  const fs::path lists = c.FindDir("Dir::State::lists");
  size_t i = 0;
  for (const metaIndex* meta : *list) {
    const SuiteMetadata& s = suites.at(i);
    bool clearsigned = s.inrelease.rfind("-----BEGIN PGP SIGNED MESSAGE-----", 0) == 0;
    write_file_atomic(lists / (URItoFileName(meta->GetURI() + "dists/" + meta->GetDist() + "/") +
                               (clearsigned ? "InRelease" : "Release")),
                      s.inrelease);
    for (const IndexTarget& target : meta->GetIndexTargets()) {
      if (target.Option(IndexTarget::CREATED_BY) != "Packages") continue;
      for (const IndexFile& index : s.indexes) {
        if (index.component != target.Option(IndexTarget::COMPONENT) ||
            index.architecture != target.Option(IndexTarget::ARCHITECTURE))
          continue;
        const std::string name = target.Option(IndexTarget::FILENAME);
        if (!index.plain_file.empty())
          link(index.plain_file, name);
        else
          link(index.file, name + compression_suffix(index.path));
        origins_[name] = Origin{static_cast<int>(i), &index};
      }
    }
    ++i;
  }
  for (const auto& deb : local_debs)
    if (!list->AddVolatileFile(deb.string())) throw Error("apt cannot read " + deb.string() + ": " + apt_errors());
  if (!cache_->BuildCaches(nullptr, false) || !cache_->BuildPolicy() || !cache_->BuildDepCache() ||
      _error->PendingError())
    throw Error("apt cannot build its package cache from the verified indexes: " + apt_errors());
}

AptRoot::Origin AptRoot::origin_of(const std::string& apt_file_name) const {
  std::string key = apt_file_name.substr(0, apt_file_name.size() - compression_suffix(apt_file_name).size());
  auto it = origins_.find(key);
  return it == origins_.end() ? Origin{} : it->second;
}

}  // namespace debimg
