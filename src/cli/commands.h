#pragma once
// One function per command; each returns the process exit code.
#include <iostream>
#include <string>
#include <vector>

#include "cli/output.h"
#include "compose/compose_request.h"
#include "push/registry_client.h"

namespace debimg {

// "debimg: warning: LINE" on stderr (the downloads' retry and stall lines too).
inline void print_warning(const std::string& line) { std::cerr << "debimg: warning: " << line << "\n" << std::flush; }

struct ProfileCommand {
  std::string profile;
};
int profile_command(const ProfileCommand& cmd, const Output& out);

struct UpdateCommand {
  std::string profile;
  std::string cache_dir;  // empty: the default
  bool offline = false;
  FreshnessPolicy freshness;  // --max-future-time, --allow-older-metadata
};
int update_command(const UpdateCommand& cmd, const Output& out);

struct LockCommand {
  std::string profile;
  std::string cache_dir;
  bool offline = false;
  bool check = false;
  bool upstream = false;
  bool update = false;
  FreshnessPolicy freshness;  // --max-future-time, --allow-older-metadata
  bool markdown = false;  // the update report as Markdown (a pull-request comment)
  std::string why;
  std::string arch;  // --why in one architecture's image; empty: each of the lock's
};
int compose_command(const ComposeRequest& request, const Output& out);

struct PushCommand {
  std::string image;  // an OCI layout folder or oci-archive
  std::string ref;
  std::string cache_dir;
  RegistryOptions registry;
};
int push_command(const PushCommand& cmd, const Output& out);

struct LoginCommand {
  std::string registry;
  std::string username;     // empty: asked for on the terminal
  bool password_stdin = false;
  RegistryOptions registry_options;
};
int login_command(const LoginCommand& cmd, const Output& out);

struct CachePruneCommand {
  std::vector<std::string> locks;
  std::string cache_dir;
};
int cache_prune_command(const CachePruneCommand& cmd, const Output& out);

// The update report from A to B: exit 0 the same, 1 different, 2 error.
struct DiffCommand {
  std::string first, second;  // each a lockfile, an OCI layout folder or an oci-archive
  bool files = false;         // --files: the images' trees too
  bool markdown = false;      // the report as Markdown (a pull-request comment)
  bool offline = false;       // changelogs only from the cache
  std::string cache_dir;
};
int diff_command(const DiffCommand& cmd, const Output& out);

// An SBOM of an image or of what a lock puts in one, on stdout or in `output`.
struct SbomCommand {
  std::string input;  // an OCI layout folder, an oci-archive or a lockfile
  std::string format = "spdx";  // spdx | cyclonedx
  std::string platform;  // one platform of a multi-platform image or lock
  std::string lock;      // with an image: the lock it was built from (hashes, edges)
  std::string name;      // the image's name in purls
  std::string cache_dir;
  std::string output;
};
int sbom_command(const SbomCommand& cmd, const Output& out);

// Where shipped hooks and profiles are looked for, and the default cache.
int paths_command(const Output& out);

// Exit codes of --check: 0 fresh, 1 stale, 2 error.
int lock_command(const LockCommand& cmd, const Output& out);

}  // namespace debimg
