#pragma once
// The lockfile: deb822 stanzas, byte-for-byte deterministic. A header, one
// stanza per suite, one per package. No mirror host anywhere: pool paths are
// relative to the archive root, so one lock serves any mirror or proxy.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "resolve/resolution.h"

namespace debimg {

struct LockedSuite {
  std::string suite;
  std::vector<std::string> components;
  std::string origin, label, codename;
  std::string date;  // the InRelease Date, as written (no image date comes from it: docs/reproducibility.md)
  int64_t date_epoch = 0;
  std::string inrelease_sha256;
  std::vector<std::string> signed_by;             // fingerprints of the keys that signed it
  std::vector<std::string> keyring_fingerprints;  // every key of the keyrings it was checked with
  bool trusted = false;                           // unsigned, accepted by `trusted: true`
};

struct Lockfile {
  // 2: packages say whether they were requested and what they depend on.
  // A version 1 lock is read (its packages carry neither) and is stale: `debimg lock` rewrites it.
  // 3: several architectures (`Architectures:`; packages say which they serve).
  // A version 2 lock means what a one-architecture version 3 lock means: it
  // is used as it is, and `debimg lock` rewrites it as version 3 (migration).
  static constexpr int kVersion = 3;
  int version = kVersion;
  std::string profile_name;
  std::string inputs_digest;
  std::vector<std::string> architectures;  // the profile's, in its order
  std::vector<LockedSuite> suites;
  std::vector<ResolvedPackage> packages;

  // The lock's one architecture; throws Error when it has several (a
  // caller that builds one image takes platform(A) first).
  const std::string& architecture() const;
  // What one architecture's image holds: a one-architecture lock.
  // Throws Error when the lock does not have `architecture`.
  Lockfile platform(const std::string& architecture) const;
  // The shortest chain of Depends-On edges from a requested package to
  // `package` ("requested → … → package") in a one-architecture lock;
  // throws Error when it is not locked.
  std::vector<std::string> why(const std::string& package) const;
};

// One lock from each architecture's (same profile, same suites, in the
// profile's order): identical stanzas (the `all` packages) are kept once,
// serving every architecture that has them.
Lockfile merge_platform_locks(const std::vector<Lockfile>& per_architecture);

std::string serialize_lockfile(const Lockfile& lock);
// `what` names the file in errors.
Lockfile parse_lockfile(const std::string& text, const std::string& what);

// x.yaml → x.lock, beside it.
std::filesystem::path lockfile_path(const std::filesystem::path& profile);

}  // namespace debimg
