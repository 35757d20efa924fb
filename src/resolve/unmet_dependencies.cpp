#include "resolve/unmet_dependencies.h"

#include <apt-pkg/depcache.h>
#include <apt-pkg/policy.h>

namespace debimg {

namespace {

// "Depends: a (>= 1) | b but it is not available in any source"
std::string describe_group(pkgCacheFile& cf, pkgCache::DepIterator start, pkgCache::DepIterator end) {
  pkgCache& pc = *cf.GetPkgCache();
  pkgDepCache& dep = *cf.GetDepCache();
  std::string alternatives;
  for (auto alt = start;; ++alt) {
    alternatives += (alternatives.empty() ? "" : " | ") + std::string(alt.TargetPkg().FullName(true));
    if (alt.TargetVer()) alternatives += std::string(" (") + alt.CompType() + " " + alt.TargetVer() + ")";
    if (alt == end) break;
  }
  auto target = end.TargetPkg();
  std::string why;
  if (target->ProvidesList == 0 && target.VersionList().end())
    why = "it is not available in any source";
  else if (dep[target].CandidateVer == nullptr)
    why = "it has no installable candidate";
  else if (dep[target].Delete())
    why = "it is excluded";
  else if (!dep[target].Install())
    why = "it is not going to be installed";
  else
    why = std::string("version ") + dep[target].InstVerIter(pc).VerStr() + " is to be installed";
  return std::string(end.DepType()) + ": " + alternatives + " but " + why;
}

}  // namespace

std::string unmet_dependencies(pkgCacheFile& cf) {
  pkgCache& pc = *cf.GetPkgCache();
  pkgDepCache& dep = *cf.GetDepCache();
  std::string out;
  for (auto p = pc.PkgBegin(); !p.end(); ++p) {
    if (!dep[p].InstBroken()) continue;
    auto ver = dep[p].InstVerIter(pc);
    if (ver.end()) continue;
    std::string line;
    for (auto d = ver.DependsList(); !d.end();) {
      pkgCache::DepIterator start, end;
      d.GlobOr(start, end);
      if (!dep.IsImportantDep(end) || (dep[end] & pkgDepCache::DepGInstall) == pkgDepCache::DepGInstall) continue;
      line += (line.empty() ? "" : ", ") + describe_group(cf, start, end);
    }
    if (line.empty()) continue;
    out += (out.empty() ? "" : "; ") + std::string(p.FullName(true)) + " " + ver.VerStr() + " " + line;
  }
  return out.empty() ? "apt's resolver found no solution" : out;
}

std::string uninstallable_reason(pkgCacheFile& cf, const pkgCache::PkgIterator& pkg) {
  pkgDepCache& dep = *cf.GetDepCache();
  // The policy's candidate: the depcache forgets a candidate it discarded.
  pkgCache::VerIterator ver = cf.GetPolicy()->GetCandidateVer(pkg);
  if (ver.end()) return std::string(pkg.FullName(true)) + " has no installable version";
  std::string line;
  for (auto d = ver.DependsList(); !d.end();) {
    pkgCache::DepIterator start, end;
    d.GlobOr(start, end);
    if (start->Type != pkgCache::Dep::Depends && start->Type != pkgCache::Dep::PreDepends) continue;
    bool satisfiable = false;
    for (auto alt = start; !satisfiable; ++alt) {
      std::unique_ptr<pkgCache::Version*[]> targets(alt.AllTargets());
      for (pkgCache::Version** t = targets.get(); *t && !satisfiable; ++t) {
        pkgCache::VerIterator v(*cf.GetPkgCache(), *t);
        satisfiable = dep[v.ParentPkg()].Install() && dep[v.ParentPkg()].InstallVer == *t;
      }
      if (alt == end) break;
    }
    if (!satisfiable) line += (line.empty() ? "" : ", ") + describe_group(cf, start, end);
  }
  if (line.empty()) line = unmet_dependencies(cf);
  return std::string(pkg.FullName(true)) + " " + ver.VerStr() + " " + line;
}

}  // namespace debimg
