#include "resolve/resolver.h"

#include <apt-pkg/algorithms.h>
#include <apt-pkg/cacheiterators.h>
#include <apt-pkg/depcache.h>
#include <apt-pkg/error.h>
#include <apt-pkg/pkgrecords.h>
#include <apt-pkg/version.h>

#include <algorithm>
#include <set>

#include "resolve/apt_root.h"
#include "resolve/unmet_dependencies.h"
#include "resolve/variant_seed.h"
#include "util/sha256.h"
#include "util/error.h"
#include "util/spelling.h"
#include "validate/identifiers.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

using PkgIt = pkgCache::PkgIterator;
using VerIt = pkgCache::VerIterator;

// The packages a variant starts from, with the reason each is there.
std::map<std::string, std::string> variant_seeds(pkgCacheFile& cf, Variant variant, const std::string& arch) {
  std::map<std::string, std::string> seeds;
  pkgDepCache& dep = *cf.GetDepCache();
  for (PkgIt p = cf.GetPkgCache()->PkgBegin(); !p.end(); ++p) {
    if (p.Arch() != arch) continue;
    VerIt cand = dep.GetCandidateVersion(p);
    if (cand.end()) continue;
    // Not PriorityType(): apt translates those names.
    const char* priority = cand->Priority == pkgCache::State::Required    ? "required"
                           : cand->Priority == pkgCache::State::Important ? "important"
                                                                          : "";
    std::string reason = seed_reason(variant, p.Name(), (p->Flags & pkgCache::Flag::Essential) != 0, priority);
    if (!reason.empty()) seeds[p.Name()] = reason;
  }
  if (variant == Variant::apt) seeds.emplace("apt", "variant apt");
  return seeds;
}

std::vector<std::string> all_names(pkgCacheFile& cf) {
  std::vector<std::string> names;
  for (auto g = cf.GetPkgCache()->GrpBegin(); !g.end(); ++g) names.push_back(g.Name());
  return names;
}

// The version a `packages` entry asks for, made the candidate.
PkgIt select_requested(pkgCacheFile& cf, const Profile& profile, size_t i, const std::string& arch) {
  const PackageSpec& spec = profile.packages[i];
  const std::string field = "packages[" + std::to_string(i) + "]";
  pkgCache& cache = *cf.GetPkgCache();
  pkgDepCache& dep = *cf.GetDepCache();
  PkgIt p = cache.FindPkg(spec.name, spec.arch.empty() ? arch : spec.arch);
  if (p.end() || (p.VersionList().end() && p.ProvidesList().end()))
    throw InputError(profile.where(field), field,
                     "unknown package '" + spec.name + "' in the profile's sources" + did_you_mean(spec.name, all_names(cf)));
  if (p.VersionList().end()) {
    // A virtual package: fine when exactly one package provides it.
    std::set<std::string> providers;
    PkgIt only;
    for (auto prv = p.ProvidesList(); !prv.end(); ++prv) {
      providers.insert(prv.OwnerPkg().Name());
      only = prv.OwnerPkg();
    }
    if (providers.size() != 1) {
      std::string list;
      for (const auto& n : providers) list += (list.empty() ? "" : ", ") + n;
      throw InputError(profile.where(field), field,
                       "'" + spec.name + "' is a virtual package provided by " + list + "; name the one to install");
    }
    p = only;
  }
  if (!spec.version.empty() || !spec.suite.empty()) {
    VerIt chosen;
    std::vector<std::string> available;
    for (VerIt v = p.VersionList(); !v.end(); ++v) {
      available.push_back(v.VerStr());
      if (!spec.version.empty() && spec.version == v.VerStr()) chosen = v;
      if (!spec.suite.empty() && chosen.end())
        for (auto vf = v.FileList(); !vf.end(); ++vf)
          if ((vf.File().Archive() && spec.suite == vf.File().Archive()) ||
              (vf.File().Codename() && spec.suite == vf.File().Codename()))
            chosen = v;
      if (!chosen.end()) break;
    }
    if (chosen.end()) {
      std::string list;
      for (const auto& v : available) list += (list.empty() ? "" : ", ") + v;
      throw InputError(profile.where(field), field,
                       spec.version.empty() ? "no version of '" + spec.name + "' comes from suite '" + spec.suite + "' (versions: " + list + ")"
                                            : "version " + spec.version + " of '" + spec.name + "' is not available (available: " + list + ")");
    }
    dep.SetCandidateVersion(chosen);
  }
  return p;
}

// For every installed package, the installed packages its Depends and
// Pre-Depends were satisfied with (the first alternative that is installed).
std::map<std::string, std::vector<std::string>> dependency_graph(pkgCacheFile& cf) {
  pkgDepCache& dep = *cf.GetDepCache();
  std::map<std::string, std::vector<std::string>> graph;
  for (PkgIt p = cf.GetPkgCache()->PkgBegin(); !p.end(); ++p) {
    if (!dep[p].Install()) continue;
    auto& edges = graph[p.Name()];
    for (auto d = dep[p].InstVerIter(*cf.GetPkgCache()).DependsList(); !d.end();) {
      pkgCache::DepIterator start, end;
      d.GlobOr(start, end);  // advances d past the or-group
      if (start->Type != pkgCache::Dep::Depends && start->Type != pkgCache::Dep::PreDepends) continue;
      for (auto alt = start;; ++alt) {
        std::unique_ptr<pkgCache::Version*[]> targets(alt.AllTargets());
        std::string found;
        for (pkgCache::Version** t = targets.get(); *t && found.empty(); ++t) {
          VerIt v(*cf.GetPkgCache(), *t);
          if (dep[v.ParentPkg()].Install() && dep[v.ParentPkg()].InstallVer == *t) found = v.ParentPkg().Name();
        }
        if (!found.empty()) {
          if (found != p.Name()) edges.push_back(found);
          break;
        }
        if (alt == end) break;
      }
    }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  }
  return graph;
}

// What the lock will pin, checked where it leaves libapt: a signed index can
// still name `../` paths or hashes that are no hashes. `where` is the index.
void check_record(const ResolvedPackage& p, const std::string& where) {
  require_package_name(p.name, where + ": a record's Package");
  const std::string record = where + ": package " + p.name + ": ";
  require_version(p.version, record + "Version");
  require_architecture(p.architecture, record + "Architecture");
  require_sha256(p.sha256, record + "SHA256");
  if (p.suite == "local") {
    require_field_text(p.filename, record + "Filename");
    return;
  }
  require_component_name(p.component, record + "Component");
  require_pool_path(p.filename, record + "Filename");
}

}  // namespace

std::vector<fs::path> local_deb_files(const Profile& profile) {
  std::vector<fs::path> local;
  for (const auto& written : profile.local_debs) {
    fs::path p = profile.resolve_path(written);
    if (fs::is_directory(p)) {
      std::vector<fs::path> found;
      for (const auto& e : fs::directory_iterator(p))
        if (e.path().extension() == ".deb") found.push_back(e.path());
      std::sort(found.begin(), found.end());
      local.insert(local.end(), found.begin(), found.end());
    } else {
      local.push_back(p);
    }
  }
  return local;
}

Resolution resolve_packages(const Profile& profile, const std::vector<SuiteMetadata>& suites, const Cache& cache,
                            const std::string& arch) {
  AptRoot root(suites, arch, cache.scratch(), local_deb_files(profile));
  pkgCacheFile& cf = root.cache();
  pkgCache& pc = *cf.GetPkgCache();
  pkgDepCache& dep = *cf.GetDepCache();

  Resolution r;
  r.roots = variant_seeds(cf, profile.variant, arch);
  std::vector<PkgIt> requested;
  for (size_t i = 0; i < profile.packages.size(); ++i) {
    PkgIt p = select_requested(cf, profile, i, arch);
    requested.push_back(p);
    r.roots[p.Name()] = "listed in packages";
  }
  for (const auto& name : profile.exclude) r.roots.erase(name);

  {
    pkgDepCache::ActionGroup group(dep);
    pkgProblemResolver fix(&dep);
    // With merged-usr (as mmdebstrap), usr-is-merged satisfies `usrmerge | usr-is-merged`
    // before anything asks for it, so usrmerge and its perl stack stay out.
    if (profile.merged_usr) {
      PkgIt merged = pc.FindPkg("usr-is-merged", arch);
      if (!merged.end() && !merged.VersionList().end() && r.roots.count("usr-is-merged") == 0 &&
          std::find(profile.exclude.begin(), profile.exclude.end(), "usr-is-merged") == profile.exclude.end()) {
        dep.MarkInstall(merged, true, 0, true);
        fix.Protect(merged);
        r.roots["usr-is-merged"] = "merged-usr: true";
      }
    }
    // The essential packages first, as mmdebstrap and debootstrap install
    // them before apt resolves the rest: what they provide is there already
    // (sysvinit-utils provides lsb-base, so lsb-base stays out).
    for (const bool essential_pass : {true, false})
      for (const auto& [name, reason] : r.roots) {
        if (reason == "merged-usr: true") continue;
        PkgIt p = pc.FindPkg(name, arch);
        if (p.end() || p.VersionList().end())
          throw Error("the profile's variant needs package '" + name + "' (" + reason + "), which its sources do not have");
        if (((p->Flags & pkgCache::Flag::Essential) != 0) != essential_pass) continue;
        dep.MarkInstall(p, true, 0, true);
        fix.Protect(p);
      }
    for (const auto& name : profile.exclude) {
      PkgIt p = pc.FindPkg(name, arch);
      if (p.end()) continue;
      if (dep[p].Install()) dep.MarkDelete(p, false, 0, true);
      fix.Protect(p);
    }
    if (dep.BrokenCount() > 0 && !fix.Resolve(true)) {
      _error->Discard();
      throw Error("the profile's packages cannot be installed together: " + unmet_dependencies(cf));
    }
    if (dep.BrokenCount() > 0) throw Error("the profile's packages cannot be installed together: " + unmet_dependencies(cf));
  }
  for (const auto& name : profile.exclude) {
    PkgIt p = pc.FindPkg(name, arch);
    if (!p.end() && dep[p].Install())
      throw Error("excluded package '" + name + "' is needed: " + unmet_dependencies(cf));
  }
  // apt drops a requested package it cannot install instead of breaking it.
  for (const auto& [name, reason] : r.roots) {
    PkgIt p = pc.FindPkg(name, arch);
    if (dep[p].Install()) continue;
    throw Error("'" + name + "' (" + reason + ") cannot be installed: " + uninstallable_reason(cf, p));
  }

  pkgRecords records(pc);
  for (PkgIt p = pc.PkgBegin(); !p.end(); ++p) {
    if (!dep[p].Install()) continue;
    VerIt v = dep[p].InstVerIter(pc);
    ResolvedPackage rp;
    rp.name = p.Name();
    rp.version = v.VerStr();
    rp.architecture = v.Arch();
    rp.size = v->Size;
    // The file from the first of our suites (profile order) that has this version.
    pkgCache::VerFileIterator best;
    int best_suite = INT32_MAX;
    for (auto vf = v.FileList(); !vf.end(); ++vf) {
      if (vf.File().Flagged(pkgCache::Flag::NotSource)) continue;
      AptRoot::Origin o = root.origin_of(vf.File().FileName());
      int rank = o.suite < 0 ? INT32_MAX - 1 : o.suite;
      if (rank < best_suite) {
        best_suite = rank;
        best = vf;
      }
    }
    if (best.end()) throw Error("apt chose " + rp.name + " " + rp.version + ", which no verified index provides");
    pkgRecords::Parser& rec = records.Lookup(best);
    AptRoot::Origin o = root.origin_of(best.File().FileName());
    if (o.suite >= 0) {
      rp.suite = suites[static_cast<size_t>(o.suite)].archive.suite;
      rp.component = o.index->component;
      rp.filename = rec.FileName();
    } else {
      rp.suite = "local";
      fs::path deb = best.File().FileName();
      rp.filename = deb.lexically_relative(profile.folder()).string();
      if (rp.filename.empty() || rp.filename.rfind("..", 0) == 0) rp.filename = deb.string();
    }
    if (o.suite < 0) {  // a local .deb: its own bytes are what gets pinned
      rp.sha256 = sha256_file(best.File().FileName());
      rp.size = fs::file_size(best.File().FileName());
    } else {
      const HashStringList hashes = rec.Hashes();  // find() points into it
      auto sha = hashes.find("SHA256");
      if (!sha) throw Error(rp.name + " " + rp.version + " has no SHA256 in its index; debimg pins every package by SHA256");
      rp.sha256 = sha->HashValue();
    }
    check_record(rp, o.suite >= 0 ? suites[static_cast<size_t>(o.suite)].uri + "dists/" + rp.suite + "/" + o.index->path
                                  : best.File().FileName());
    r.packages.push_back(std::move(rp));
  }
  std::sort(r.packages.begin(), r.packages.end(), [](const ResolvedPackage& a, const ResolvedPackage& b) {
    return std::tie(a.name, a.architecture) < std::tie(b.name, b.architecture);
  });
  r.depends = dependency_graph(cf);
  return r;
}

}  // namespace debimg
