#pragma once
// What `debimg compose` is asked to do, typed: the CLI parses its options
// into this and nothing else reaches the pipeline.
#include <optional>
#include <string>

#include "configure/isolation.h"
#include "lock/lock_resolution.h"
#include "push/registry_client.h"
#include "push/registry_ref.h"

namespace debimg {

enum class OutputFormat { oci, oci_archive, docker_archive, rootfs_tar, dir };
// "oci" … "dir"; throws Error naming the accepted ones.
OutputFormat parse_output_format(const std::string& text);
std::string to_string(OutputFormat format);
// An OCI layout is made (oci, oci-archive, docker-archive).
bool makes_image(OutputFormat format);
// The output is one file (a tar), not a folder.
bool is_file_output(OutputFormat format);
// The output can hold several platforms (an OCI image index).
bool holds_platforms(OutputFormat format);

// Where compose stops: after fetching, after unpacking (--format dir only), or at the end.
enum class StopAfter { fetch, unpack, everything };
StopAfter parse_stop_after(const std::string& text);  // "fetch" | "unpack"; throws Error otherwise

struct ComposeRequest {
  std::string profile;
  std::string output;  // empty: NAME (or NAME.tar) in the current folder
  OutputFormat format = OutputFormat::oci;
  std::string cache_dir;
  StopAfter stop_after = StopAfter::everything;
  LockPolicy lock_policy = LockPolicy::normal;
  bool offline = false;
  FreshnessPolicy freshness;  // when (re)locking: --max-future-time, --allow-older-metadata
  bool no_layer_cache = false;
  bool check_reproducible = false;  // build a second time and compare the trees
  bool force = false;               // replace whatever is at `output`, not only an output of debimg's (output_guard.h)
  Isolation isolation = Isolation::automatic;  // how maintainer scripts are kept from the host (configure/isolation.h)
  bool allow_unconfined_scripts = false;       // isolation none on a kernel without Landlock
  std::string platform;             // --platform linux/arm64: that one of the profile's; empty: every one
  std::optional<RegistryRef> push;  // checked when the request is made: a bad reference fails before any work
  RegistryOptions registry;         // for push

  // Throws Error for combinations that cannot work (push of a tar, --until unpack of an image).
  void check() const;
};

}  // namespace debimg
