#include "resolve/unmet_dependencies.h"

#include <apt-pkg/depcache.h>

namespace debimg {

// Mirrors apt-get's ShowBroken for an install: each broken package with
// the dependencies it cannot have and why.
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
      else if (dep[target].Delete() || (target->SelectedState == pkgCache::State::DeInstall))
        why = "it is excluded or to be removed";
      else if (!dep[target].Install())
        why = "it is not going to be installed";
      else
        why = std::string("version ") + dep[target].InstVerIter(pc).VerStr() + " is to be installed";
      line += std::string(line.empty() ? "" : ", ") + end.DepType() + ": " + alternatives + " but " + why;
    }
    if (line.empty()) continue;
    out += (out.empty() ? "" : "; ") + std::string(p.FullName(true)) + " " + ver.VerStr() + " " + line;
  }
  return out.empty() ? "apt's resolver found no solution" : out;
}

}  // namespace debimg
