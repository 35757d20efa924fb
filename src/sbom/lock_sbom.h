#pragma once
// An SBOM of what a lock puts in an image: the lock's packages, hashes,
// pool paths and Depends-On edges, with each .deb's control stanza and
// copyright file read from the cache.
#include <string>

#include "cache/cache.h"
#include "lock/lockfile.h"
#include "sbom/sbom_input.h"

namespace debimg {

struct LockSbomOptions {
  std::string lock_name;  // the lock's file, for messages
  std::string architecture;  // the platform of a multi-architecture lock; "" for a one-architecture lock
  std::string compose_hint;  // how to fill the cache, for the error naming a missing .deb
};

// Throws Error (one line, naming the package) when a .deb is not in the cache.
SbomInput sbom_from_lock(const Lockfile& lock, const Cache& cache, const LockSbomOptions& options);

}  // namespace debimg
