#pragma once
// A small apt archive for the resolver's tests: Packages indexes written by
// the test, handed to resolve_packages as the metadata loader hands verified
// indexes (SuiteMetadata with a plain Packages file), and a profile asking
// for packages from it. Nothing is downloaded: the URI is a file:// folder.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "profile/profile.h"
#include "repo/release_file.h"
#include "repo/suite_metadata.h"
#include "resolve/resolution.h"
#include "resolve/resolver.h"
#include "cache/cache.h"
#include "util/files.h"
#include "util/sha256.h"

namespace debimg::test {

// One Packages stanza: the fields every record has, then `extra` ("Depends: x\n...").
inline std::string stanza(const std::string& name, const std::string& version, const std::string& extra = "",
                          const std::string& arch = "amd64") {
  const std::string pool = "pool/main/" + name.substr(0, 1) + "/" + name + "/" + name + "_" + version + "_" + arch + ".deb";
  return "Package: " + name + "\nVersion: " + version + "\nArchitecture: " + arch + "\n" + extra +
         "Filename: " + pool + "\nSize: " + std::to_string(1000 + name.size()) + "\nSHA256: " + sha256_hex(name + version) +
         "\nSection: misc\nDescription: " + name + " for the resolver's tests\n\n";
}

// The suite "stable": a base system in miniature, and the cases the resolver decides.
inline std::string stable_packages() {
  return stanza("dash", "0.5.12-2",
                "Essential: yes\nPriority: required\nPre-Depends: libc6 (>= 2.36)\nProvides: sh-compat (= 1.1)\n") +
         // A transitional package the essential dash provides (as sysvinit-utils provides lsb-base).
         stanza("sh-compat", "2.0", "Priority: optional\n", "all") +
         stanza("aa-daemon", "1.0", "Priority: optional\nDepends: sh-compat (>= 1.0)\n") +
         stanza("libc6", "2.36-9", "Priority: optional\nMulti-Arch: same\n") +
         stanza("mawk", "1.3.4-1", "Priority: required\nProvides: awk\nDepends: libc6\n") +
         stanza("gawk", "5.2.1-2", "Priority: optional\nProvides: awk\nDepends: libc6\n") +
         // usrmerge first, as init-system-helpers names them.
         stanza("init-helpers", "1.65", "Priority: required\nDepends: usrmerge | usr-is-merged\n", "all") +
         stanza("usrmerge", "35", "Priority: optional\nDepends: perl-base\n", "all") +
         stanza("perl-base", "5.36.0-7", "Priority: optional\nDepends: libc6\n") +
         stanza("usr-is-merged", "35", "Priority: optional\nMulti-Arch: foreign\n", "all") +
         stanza("apt", "2.6.1", "Priority: important\nDepends: libapt-pkg6.0 (>= 2.6.1), gpgv | gpgv2\n") +
         stanza("libapt-pkg6.0", "2.6.1", "Priority: optional\nMulti-Arch: same\nDepends: libc6 (>= 2.34)\n") +
         stanza("gpgv", "2.2.40-1", "Priority: optional\nDepends: libc6\n") +
         stanza("gpgv2", "2.2.40-1", "Priority: optional\n") +
         stanza("less", "590-2", "Priority: important\nDepends: libc6\n") +
         stanza("hello", "1.0", "Priority: optional\nDepends: libc6 (>= 2.36)\n") +
         stanza("mailer", "1.0", "Priority: optional\nDepends: mail-a | mail-b\n") +
         stanza("mail-a", "1.0", "Priority: optional\n") + stanza("mail-b", "1.0", "Priority: optional\n") +
         stanza("webapp", "1.0", "Priority: optional\nDepends: mailer, hello\n") +
         stanza("vim-engine", "9.0", "Priority: optional\nProvides: editor-engine\n") +
         stanza("conflicter", "1.0", "Priority: optional\nConflicts: dash\n") +
         stanza("frontend", "1.0", "Priority: optional\nDepends: broken-app\n") +
         stanza("broken-app", "1.0", "Priority: optional\nDepends: libmissing (>= 1)\n");
}

// The suite "updates": a newer hello, and libc6 again (the same version, the same bytes).
inline std::string updates_packages() {
  return stanza("hello", "2.0", "Priority: optional\nDepends: libc6 (>= 2.36)\n") +
         stanza("libc6", "2.36-9", "Priority: optional\nMulti-Arch: same\n");
}

class ArchiveFixture {
 public:
  ArchiveFixture() {
    profile.file = dir.path() / "profile.yaml";
    profile.name = "fixture";
    profile.architectures = {"amd64"};
  }

  // A suite as the metadata loader leaves it: Release text and one verified, plain Packages index.
  void add_suite(const std::string& suite, const std::string& packages) {
    const std::filesystem::path index = dir.path() / ("Packages-" + suite);
    write_file_atomic(index, packages);
    const std::string release = "Origin: Fixture\nLabel: Fixture\nSuite: " + suite + "\nCodename: fixture-" + suite +
                                "\nDate: Sat, 01 Jan 2022 00:00:00 UTC\nArchitectures: amd64\nComponents: main\n"
                                "SHA256:\n " + sha256_hex(packages) + " " + std::to_string(packages.size()) +
                                " main/binary-amd64/Packages\n";
    SuiteMetadata m;
    m.archive.source_index = suites.size();
    m.archive.suite = suite;
    m.archive.components = {"main"};
    m.uri = "file://" + (dir.path() / "archive").string() + "/";
    m.archive.uris = {m.uri};
    m.archive.trusted = true;
    m.release = parse_release(release, "Release");
    m.inrelease = release;
    m.inrelease_sha256 = sha256_hex(release);
    IndexFile f;
    f.component = "main";
    f.architecture = "amd64";
    f.path = "main/binary-amd64/Packages";
    f.sha256 = sha256_hex(packages);
    f.size = packages.size();
    f.file = index;
    f.plain_file = index;
    m.indexes.push_back(f);
    suites.push_back(m);
  }

  Resolution resolve() const { return resolve_packages(profile, suites, cache, profile.architectures.front()); }

  // Name → version of what resolve() installs.
  std::map<std::string, std::string> closure() const {
    std::map<std::string, std::string> out;
    for (const auto& p : resolve().packages) out[p.name] = p.version;
    return out;
  }

  TempDir dir;
  Cache cache{dir.path() / "cache"};
  std::vector<SuiteMetadata> suites;
  Profile profile;
};

}  // namespace debimg::test
