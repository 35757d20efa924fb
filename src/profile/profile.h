#pragma once
// The parsed, validated profile: one immutable value handed to every stage.
// Field names mirror the YAML keys (kebab-case there, snake_case here).
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "profile/package_spec.h"
#include "util/error.h"

namespace debimg {

struct Source {
  std::vector<std::string> suites;
  std::vector<std::string> components{"main"};
  std::vector<std::string> uris;       // empty: the host's apt source (see host_defaults.h)
  std::vector<std::string> signed_by;  // keyring paths as written, or inline armored keys
  bool trusted = false;
  bool check_valid_until = true;
  // The Codename its Release files say when that is not a suite's name (a
  // snapshot or a renamed mirror); empty: Suite or Codename must be the suite.
  std::string codename;
};

enum class Variant { essential, minbase, apt, important, custom };

struct Group {
  std::string name;
  unsigned gid = 0;
};

struct User {
  std::string name;
  unsigned uid = 0;
  std::string group;  // default: a group named after the user, gid = uid
  std::string home;   // default: /home/<name>
  std::string shell = "/bin/sh";
};

struct Accounts {
  std::vector<Group> groups;
  std::vector<User> users;
};

struct Hook {
  std::string path;  // an executable: absolute, or a name looked up in hooks/ (see hooks stage)
  std::string run;   // inline shell; exactly one of path and run is set
  bool chroot = false;
  std::filesystem::path resolved;  // path hooks: where it was found when the profile loaded
  bool shipped = false;            // found among debimg's own hooks: runs in the sandbox
};

struct Hooks {
  std::vector<Hook> setup, extract, essential, customize;
};

struct LayerStrategy {
  enum Kind { single, packages } kind = single;
  unsigned max = 1;
};

enum class Compression { gzip, zstd };

struct ImageConfig {
  std::string tag;
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::map<std::string, std::string> env;
  std::string user;
  std::string workdir;
  std::map<std::string, std::string> labels;
  std::vector<std::string> exposed_ports;  // normalised to "N/tcp" or "N/udp"
  std::string stop_signal;
  std::string apt_sources = "default";  // "default" | "none"
  LayerStrategy layers;
  Compression compression = Compression::gzip;
  std::string hostname = "localhost";  // the scripts' host name and /etc/hostname
  std::string mailname;                // /etc/mailname when set
  bool keep_generated_keys = false;    // else SSH host keys and the snakeoil key are removed
  // SBOM formats attached to an OCI image as artifacts ("spdx", "cyclonedx"); [] attaches none.
  std::vector<std::string> sbom = {"spdx"};
};

struct Profile {
  std::filesystem::path file;  // the profile's path; relative paths in it start at its folder
  std::string name;
  std::vector<Source> sources;
  std::vector<std::string> architectures;  // filled with the host's when omitted
  Variant variant = Variant::minbase;
  std::vector<PackageSpec> packages;
  std::vector<std::string> exclude;
  std::vector<std::string> local_debs;  // as written; see resolve_path
  bool merged_usr = true;
  // The image's dates (SOURCE_DATE_EPOCH); unset: the newest changelog date of its packages.
  std::optional<int64_t> source_date_epoch;
  std::vector<std::string> slim;
  Accounts accounts;
  Hooks hooks;
  ImageConfig image;

  // Where each field was written ("sources[0].suites" → file:line:col), so
  // later stages can point at the profile when something it asks for fails.
  std::map<std::string, Location> locations;

  Location where(const std::string& field) const;
  std::filesystem::path folder() const { return std::filesystem::absolute(file).parent_path(); }
  // A path as written in the profile, made absolute against the profile's folder.
  std::filesystem::path resolve_path(const std::string& written) const;
};

std::string to_string(Variant v);
std::string to_string(Compression c);

}  // namespace debimg
