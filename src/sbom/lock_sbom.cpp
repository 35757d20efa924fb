#include "sbom/lock_sbom.h"

#include <algorithm>

#include "sbom/dep5.h"
#include "sbom/distro.h"
#include "sbom/package_metadata.h"
#include "unpack/package_dates.h"
#include "util/error.h"
#include "validate/identifiers.h"

namespace debimg {

SbomInput sbom_from_lock(const Lockfile& full, const Cache& cache, const LockSbomOptions& options) {
  const Lockfile lock = options.architecture.empty() ? full.platform(full.architecture()) : full.platform(options.architecture);
  SbomInput in;
  in.name = lock.profile_name;
  if (!lock.suites.empty()) {
    std::string origin = lock.suites.front().origin;
    std::transform(origin.begin(), origin.end(), origin.begin(), [](unsigned char c) { return std::tolower(c); });
    if (is_package_name(origin)) in.distro_id = origin;
    in.distro = purl_distro(in.distro_id, debian_version_of_codename(lock.suites.front().codename));
  }
  std::vector<std::string> doc_links;
  std::vector<std::filesystem::path> debs;
  for (const ResolvedPackage& r : lock.packages) {
    const std::string what = options.lock_name + ": " + r.name + " " + r.version;
    const auto deb = cache.find_verified(r.sha256, r.size);
    if (!deb) throw Error(what + " (" + r.filename + ") is not in the cache: " + options.compose_hint);
    debs.push_back(*deb);
    SbomPackage p;
    p.name = r.name;
    p.version = r.version;
    p.architecture = r.architecture;
    p.sha256 = r.sha256;
    if (r.suite != "local") p.pool_path = r.filename;
    p.depends = r.depends_on;
    const DebDocs docs = read_deb_docs(*deb, r.name, what);
    if (docs.control.get("Package") != r.name || docs.control.get("Version") != r.version)
      throw Error(what + ": the cached .deb's control says " + quoted_value(docs.control.get("Package")) + " " +
                  quoted_value(docs.control.get("Version")));
    apply_control(p, docs.control, what);
    p.licenses = dep5_licenses(docs.copyright);
    doc_links.push_back(docs.doc_link);
    in.packages.push_back(std::move(p));
  }
  inherit_licenses(in.packages, doc_links);
  // As an image of these packages is dated, without a profile's source-date-epoch (the lock does not record it).
  in.created = sbom_epoch(packages_source_date_epoch(lock, debs, &cache));
  return in;
}

}  // namespace debimg
