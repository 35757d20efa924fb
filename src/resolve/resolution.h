#pragma once
// What the resolver decided: the full package closure with where each
// package comes from, and why each is there (for `debimg lock --why`).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace debimg {

struct ResolvedPackage {
  std::string name, version, architecture;
  std::string suite;      // the suite whose index provided this version ("local" for local-debs)
  std::string component;  // of that index; empty for local-debs
  std::string filename;   // pool path relative to the archive root; for local-debs the path as in the profile
  uint64_t size = 0;
  std::string sha256;
  // Lock format 2: why it is there when it was asked for ("listed in
  // packages", "Priority: required", …; empty: only a dependency), and the
  // locked packages it depends on. The image's dpkg/apt bookkeeping and
  // `lock --why` read these, so neither needs the resolver.
  std::string requested;
  std::vector<std::string> depends_on;
  // Lock format 3: the lock's architectures (platforms) this stanza serves.
  // An `Architecture: all` package resolved alike for several platforms is
  // locked once and serves them all.
  std::vector<std::string> platforms = {};
};

struct Resolution {
  std::vector<ResolvedPackage> packages;  // sorted by name, then architecture
  // Why packages are there: the requested ones and their reason...
  std::map<std::string, std::string> roots;  // package → "Priority: required", "listed in packages", ...
  // ...and, for every installed package, the installed packages it depends on.
  std::map<std::string, std::vector<std::string>> depends;
};

// The chain from a root to `package` ("a (reason) → b → package"), shortest first.
std::vector<std::string> why_chain(const Resolution& r, const std::string& package);

}  // namespace debimg
