#include "profile/profile_parser.h"

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "util/files.h"

using namespace debimg;

namespace {

const std::string kMinimal = "name: demo\nsources:\n  - suites: [bookworm]\n";

Profile parse(const std::string& yaml, const std::string& file = "/profiles/p.yaml") {
  return parse_profile(file, yaml, "amd64");
}

// Parses `yaml`, expects an InputError, and checks that its message starts
// with "file:line:col: field: " and mentions `words`.
void expect_error(const std::string& yaml, int line, int column, const std::string& field, const std::string& words) {
  try {
    parse(yaml);
  } catch (const InputError& e) {
    std::string msg = e.what();
    std::string head = "/profiles/p.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                       (field.empty() ? "" : field + ": ");
    BOOST_TEST_INFO("message: " << msg);
    BOOST_TEST(msg.rfind(head, 0) == 0u);
    BOOST_TEST(msg.find(words) != std::string::npos);
    BOOST_TEST(e.field() == field);
    BOOST_TEST(e.where().line == line);
    BOOST_TEST(e.where().column == column);
    return;
  }
  BOOST_FAIL("no InputError for:\n" << yaml);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(profile_parser)

BOOST_AUTO_TEST_CASE(minimal_profile_gets_every_default) {
  Profile p = parse(kMinimal);
  BOOST_TEST(p.name == "demo");
  BOOST_REQUIRE(p.sources.size() == 1u);
  BOOST_TEST(p.sources[0].components == std::vector<std::string>{"main"});
  BOOST_TEST(p.sources[0].uris.empty());
  BOOST_TEST(!p.sources[0].trusted);
  BOOST_TEST(p.sources[0].check_valid_until);
  BOOST_TEST(p.architectures == std::vector<std::string>{"amd64"});
  BOOST_TEST(to_string(p.variant) == "minbase");
  BOOST_TEST(p.merged_usr);
  BOOST_TEST(p.image.tag == "demo:latest");
  BOOST_TEST(p.image.apt_sources == "default");
  BOOST_TEST((p.image.layers.kind == LayerStrategy::single));
  BOOST_TEST(to_string(p.image.compression) == "gzip");
}

BOOST_AUTO_TEST_CASE(a_hook_that_is_missing_or_not_executable_is_refused_at_load) {
  TempDir dir;
  const std::string head = "name: x\nsources:\n  - suites: [bookworm]\nhooks:\n  customize: [hooks/h]\n";
  auto refused = [&](const std::string& part) {
    try {
      parse(head, (dir.path() / "p.yaml").string());
    } catch (const InputError& e) {
      return std::string(e.what()).find(part) != std::string::npos && std::string(e.what()).find("p.yaml:5:") != std::string::npos;
    }
    return false;
  };
  BOOST_TEST(refused("hook 'hooks/h' is neither at"));
  std::filesystem::create_directory(dir.path() / "hooks");
  write_file_atomic(dir.path() / "hooks/h", "#!/bin/sh\n", 0644);
  BOOST_TEST(refused("is not executable"));
  write_file_atomic(dir.path() / "hooks/h", "#!/bin/sh\n", 0755);
  BOOST_TEST(parse(head, (dir.path() / "p.yaml").string()).hooks.customize.front().resolved == dir.path() / "hooks/h");
}

BOOST_AUTO_TEST_CASE(full_schema_is_understood) {
  TempDir dir;
  std::ofstream(dir.path() / "key.gpg") << "x";
  std::filesystem::create_directory(dir.path() / "debs");
  // Hooks named by path are found and checked when the profile loads.
  std::filesystem::create_directory(dir.path() / "hooks");
  write_file_atomic(dir.path() / "hooks/minideb-cleanup", "#!/bin/sh\n", 0755);
  const std::string yaml = R"(name: minideb-bookworm
sources:
  - suites: [bookworm, bookworm-updates]
    components: [main, contrib]
    uris: http://example.invalid/debian
    signed-by: key.gpg
    check-valid-until: false
  - suites: [bookworm-security]
  - suites: [local]
    uris: [file:///srv/repo]
    trusted: true
architectures: [arm64]
variant: custom
packages: [ca-certificates, "tzdata=2024a-0+deb12u1", "curl/bookworm-backports", "libc6:arm64"]
exclude: [e2fsprogs]
local-debs: [debs/]
merged-usr: false
slim: [docs, man, info, locales, apt-lists, caches]
accounts:
  groups: [{name: app, gid: 1000}]
  users: [{name: app, uid: 1000, group: app, home: /srv/app, shell: /bin/bash}, {name: bob, uid: 1001}]
hooks:
  setup: []
  extract: [{run: "echo hi", chroot: true}]
  essential: []
  customize: [hooks/minideb-cleanup]
image:
  tag: registry.local:5000/minideb:bookworm
  entrypoint: ["/usr/bin/tini", "--"]
  cmd: /bin/bash
  env: {LANG: C.UTF-8, TZ: UTC}
  user: app
  workdir: /srv
  labels: {org.example.team: platform}
  exposed-ports: [80, "53/udp"]
  stop-signal: SIGINT
  apt-sources: none
  layers: {strategy: packages, max: 8}
  compression: zstd
)";
  Profile p = parse_profile(dir.path() / "p.yaml", yaml, "amd64");
  BOOST_TEST(p.sources.size() == 3u);
  BOOST_TEST(p.sources[0].uris == std::vector<std::string>{"http://example.invalid/debian"});
  BOOST_TEST(p.sources[0].signed_by == std::vector<std::string>{"key.gpg"});
  BOOST_TEST(!p.sources[0].check_valid_until);
  BOOST_TEST(p.sources[2].trusted);
  BOOST_TEST(p.architectures == std::vector<std::string>{"arm64"});
  BOOST_TEST(to_string(p.variant) == "custom");
  BOOST_REQUIRE(p.packages.size() == 4u);
  BOOST_TEST(p.packages[1].version == "2024a-0+deb12u1");
  BOOST_TEST(p.packages[2].suite == "bookworm-backports");
  BOOST_TEST(p.packages[3].arch == "arm64");
  BOOST_TEST(p.exclude == std::vector<std::string>{"e2fsprogs"});
  BOOST_TEST(p.resolve_path(p.local_debs[0]) == (dir.path() / "debs/").lexically_normal());
  BOOST_TEST(!p.merged_usr);
  BOOST_TEST(p.slim.size() == 6u);
  BOOST_TEST(p.accounts.users[0].home == "/srv/app");
  BOOST_TEST(p.accounts.users[1].group == "bob");
  BOOST_TEST(p.accounts.users[1].home == "/home/bob");
  BOOST_TEST(p.accounts.users[1].shell == "/bin/sh");
  BOOST_TEST(p.hooks.extract[0].run == "echo hi");
  BOOST_TEST(p.hooks.extract[0].chroot);
  BOOST_TEST(p.hooks.customize[0].path == "hooks/minideb-cleanup");
  BOOST_TEST(p.image.cmd == std::vector<std::string>{"/bin/bash"});
  BOOST_TEST(p.image.env.at("TZ") == "UTC");
  BOOST_TEST(p.image.exposed_ports == (std::vector<std::string>{"80/tcp", "53/udp"}));
  BOOST_TEST(p.image.apt_sources == "none");
  BOOST_TEST((p.image.layers.kind == LayerStrategy::packages));
  BOOST_TEST(p.image.layers.max == 8u);
  BOOST_TEST(to_string(p.image.compression) == "zstd");
  BOOST_TEST(p.where("packages[1]").line == 14);
}

BOOST_AUTO_TEST_CASE(required_variant_is_minbase) {
  BOOST_TEST(to_string(parse(kMinimal + "variant: required\n").variant) == "minbase");
}

BOOST_AUTO_TEST_CASE(invalid_yaml_names_position) {
  expect_error("name: demo\nsources: [\n", 3, 1, "", "invalid YAML");
}

BOOST_AUTO_TEST_CASE(empty_profile) {
  BOOST_CHECK_EXCEPTION(parse(""), InputError,
                        [](const InputError& e) { return std::string(e.what()).find("empty") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(top_level_must_be_a_mapping) {
  expect_error("- a\n- b\n", 1, 1, "(top level)", "expected a mapping, got a list");
}

BOOST_AUTO_TEST_CASE(unknown_top_level_key_suggests_the_right_one) {
  expect_error(kMinimal + "pakages: [curl]\n", 4, 1, "pakages", "did you mean 'packages'");
}

BOOST_AUTO_TEST_CASE(unknown_nested_key) {
  expect_error("name: demo\nsources:\n  - suites: [bookworm]\n    signed_by: x\n", 4, 5, "sources[0].signed_by",
               "unknown key 'signed_by', did you mean 'signed-by'");
  expect_error(kMinimal + "image:\n  cmnd: [sh]\n", 5, 3, "image.cmnd", "unknown key");
}

BOOST_AUTO_TEST_CASE(duplicate_key) {
  expect_error(kMinimal + "name: again\n", 4, 1, "name", "given twice");
}

BOOST_AUTO_TEST_CASE(missing_required_fields) {
  expect_error("sources:\n  - suites: [bookworm]\n", 1, 1, "name", "required but missing");
  expect_error("name: demo\n", 1, 1, "sources", "required but missing");
  expect_error("name: demo\nsources:\n  - components: [main]\n", 3, 5, "sources[0].suites", "required but missing");
}

BOOST_AUTO_TEST_CASE(wrong_types) {
  expect_error("name: [a, b]\nsources: []\n", 1, 7, "name", "expected a string, got a list");
  expect_error("name: demo\nsources: {suites: [x]}\n", 2, 10, "sources", "expected a list, got a mapping");
  expect_error("name: demo\nsources:\n  - suites: bookworm\n", 3, 13, "sources[0].suites", "expected a list, got 'bookworm'");
  expect_error(kMinimal + "merged-usr: yes\n", 4, 13, "merged-usr", "expected true or false");
  expect_error(kMinimal + "merged-usr: \"true\"\n", 4, 13, "merged-usr", "expected true or false");
  expect_error(kMinimal + "accounts:\n  groups: [{name: app, gid: \"1000\"}]\n", 5, 29, "accounts.groups[0].gid",
               "expected a whole number");
  expect_error(kMinimal + "accounts:\n  groups: [{name: app, gid: -1}]\n", 5, 29, "accounts.groups[0].gid",
               "expected a whole number");
  expect_error(kMinimal + "image:\n  env: {A: [1]}\n", 5, 12, "image.env.A", "expected a string, got a list");
  expect_error(kMinimal + "packages:\n", 4, 1, "packages", "expected a list, got nothing");
}

BOOST_AUTO_TEST_CASE(the_images_names_and_its_generated_keys) {
  Profile p = parse(kMinimal);
  BOOST_TEST(p.image.hostname == "localhost");
  BOOST_TEST(p.image.mailname.empty());
  BOOST_TEST(!p.image.keep_generated_keys);
  p = parse(kMinimal + "image:\n  hostname: web-1.example.org\n  mailname: example.org\n  keep-generated-keys: true\n");
  BOOST_TEST(p.image.hostname == "web-1.example.org");
  BOOST_TEST(p.image.mailname == "example.org");
  BOOST_TEST(p.image.keep_generated_keys);
  expect_error(kMinimal + "image:\n  hostname: -web\n", 5, 13, "image.hostname", "'-web' is not a host name");
  expect_error(kMinimal + "image:\n  hostname: a..b\n", 5, 13, "image.hostname", "is not a host name");
  expect_error(kMinimal + "image:\n  mailname: \"x y\"\n", 5, 13, "image.mailname", "is not a host name");
  expect_error(kMinimal + "image:\n  hostname: " + std::string(64, 'a') + "\n", 5, 13, "image.hostname",
               "is not a host name");
  expect_error(kMinimal + "image:\n  keep-generated-keys: yes\n", 5, 24, "image.keep-generated-keys", "true or false");
}

BOOST_AUTO_TEST_CASE(the_images_sbom_formats) {
  BOOST_TEST(parse(kMinimal).image.sbom == std::vector<std::string>{"spdx"});
  BOOST_TEST(parse(kMinimal + "image:\n  sbom: [spdx, cyclonedx]\n").image.sbom == (std::vector<std::string>{"spdx", "cyclonedx"}));
  BOOST_TEST(parse(kMinimal + "image:\n  sbom: []\n").image.sbom.empty());
  expect_error(kMinimal + "image:\n  sbom: [spdx, swid]\n", 5, 16, "image.sbom[1]", "swid");
  expect_error(kMinimal + "image:\n  sbom: [spdx, spdx]\n", 5, 16, "image.sbom[1]", "listed twice");
  expect_error(kMinimal + "image:\n  sbom: spdx\n", 5, 9, "image.sbom", "a list of SBOM formats");
}

BOOST_AUTO_TEST_CASE(values_out_of_their_set) {
  expect_error(kMinimal + "variant: minimal\n", 4, 10, "variant", "'minimal' is not one of");
  expect_error(kMinimal + "slim: [doc]\n", 4, 8, "slim[0]", "did you mean 'docs'");
  expect_error(kMinimal + "image:\n  compression: xz\n", 5, 16, "image.compression", "not one of gzip, zstd");
  expect_error(kMinimal + "image:\n  layers: {strategy: packages, max: 500}\n", 5, 37, "image.layers.max",
               "between 2 and 127");
  expect_error(kMinimal + "image:\n  layers: {strategy: packages, max: 1}\n", 5, 37, "image.layers.max", "between 2 and 127");
  expect_error(kMinimal + "image:\n  exposed-ports: [\"80/http\"]\n", 5, 19, "image.exposed-ports[0]", "not a port");
  expect_error(kMinimal + "image:\n  workdir: srv\n", 5, 12, "image.workdir", "absolute path");
  expect_error(kMinimal + "image:\n  tag: \"Bad Tag\"\n", 5, 8, "image.tag", "not a valid image reference");
  expect_error(kMinimal + "image:\n  env: {\"1X\": a}\n", 5, 8, "image.env", "not a valid environment variable");
  expect_error(kMinimal + "image:\n  stop-signal: TERM\n", 5, 16, "image.stop-signal", "not a signal");
  expect_error("name: Demo Image\nsources: []\n", 1, 7, "name", "not a valid name");
  expect_error("name: demo\nsources:\n  - suites: [x]\n    uris: ftp://x/\n", 4, 11, "sources[0].uris", "not an http://");
}

BOOST_AUTO_TEST_CASE(package_requests) {
  expect_error(kMinimal + "packages: [Curl]\n", 4, 12, "packages[0]", "not a valid package name");
  expect_error(kMinimal + "packages: [\"curl=abc\"]\n", 4, 12, "packages[0]", "not a valid Debian version");
  expect_error(kMinimal + "packages: [curl, wget, curl]\n", 4, 24, "packages[2]", "listed twice");
  expect_error(kMinimal + "packages: [curl]\nexclude: [curl]\n", 5, 11, "exclude[0]", "both in packages and in exclude");
}

BOOST_AUTO_TEST_CASE(cross_field_rules) {
  TempDir dir;
  std::ofstream(dir.path() / "k.gpg") << "x";
  try {
    parse_profile(dir.path() / "p.yaml", "name: d\nsources:\n  - suites: [s]\n    signed-by: k.gpg\n    trusted: true\n", "amd64");
    BOOST_FAIL("trusted with signed-by accepted");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find(":5:14: sources[0].trusted: ") != std::string::npos);
    BOOST_TEST(std::string(e.what()).find("contradict") != std::string::npos);
  }
  expect_error(kMinimal + "variant: custom\n", 4, 10, "variant", "there are none");
  expect_error("name: demo\nsources:\n  - suites: [bookworm]\n  - suites: [bookworm]\n", 4, 5, "sources[1]",
               "already listed in sources[0]");
  expect_error(kMinimal + "architectures: [amd64, arm64, amd64]\n", 4, 31, "architectures[2]", "'amd64' is listed twice");
  expect_error(kMinimal + "accounts:\n  users: [{name: a, uid: 5}, {name: b, uid: 5}]\n", 5, 45, "accounts.users[1].uid",
               "used twice");
  expect_error(kMinimal + "hooks:\n  finish: []\n", 5, 3, "hooks.finish", "unknown key");
  expect_error(kMinimal + "hooks:\n  setup: [{chroot: true}]\n", 5, 11, "hooks.setup[0].run", "required but missing");
}

BOOST_AUTO_TEST_CASE(referenced_files_must_exist) {
  expect_error("name: demo\nsources:\n  - suites: [s]\n    signed-by: /nonexistent/key.gpg\n", 4, 16,
               "sources[0].signed-by", "does not exist");
  expect_error(kMinimal + "local-debs: [missing/]\n", 4, 14, "local-debs[0]", "looked for /profiles/missing");
}

BOOST_AUTO_TEST_CASE(inline_signed_by_key_is_kept) {
  Profile p = parse("name: demo\nsources:\n  - suites: [s]\n    signed-by: |\n      -----BEGIN PGP PUBLIC KEY BLOCK-----\n      abc\n");
  BOOST_TEST(p.sources[0].signed_by.front().find("abc") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(load_profile_reports_unreadable_file) {
  BOOST_CHECK_EXCEPTION(load_profile("/nonexistent/p.yaml", "amd64"), Error, [](const Error& e) {
    return std::string(e.what()).find("/nonexistent/p.yaml") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(a_bad_uri_is_named_without_its_userinfo) {
  try {
    parse(kMinimal + "    uris: [\"ftp://apt:s3cret@repo.example/debian\"]\n");
    BOOST_FAIL("no InputError");
  } catch (const InputError& e) {
    const std::string msg = e.what();
    BOOST_TEST_INFO("message: " << msg);
    BOOST_TEST(msg.find("'ftp://repo.example/debian' is not an http://") != std::string::npos);
    BOOST_TEST(msg.find("s3cret") == std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()

// Suites, components and architectures become parts of URLs and cache names.
BOOST_AUTO_TEST_SUITE(profile_names)
BOOST_AUTO_TEST_CASE(suite_component_and_architecture_names_are_checked) {
  expect_error("name: demo\nsources:\n  - suites: [bookworm, \"../../etc\"]\n", 3, 24, "sources[0].suites[1]",
               "'../../etc' is not a suite name");
  expect_error("name: demo\nsources:\n  - suites: [bookworm]\n    components: [main, \"a b\"]\n", 4, 24,
               "sources[0].components[1]", "'a b' is not a component name");
  expect_error(kMinimal + "architectures: [\"Foo Bar\"]\n", 4, 17, "architectures[0]", "'Foo Bar' is not a Debian architecture");
  expect_error(kMinimal + "architectures: [all]\n", 4, 17, "architectures[0]", "'all' is not a Debian architecture");
  BOOST_CHECK_NO_THROW(parse("name: demo\nsources:\n  - suites: [bookworm-security]\n    components: [main, non-free-firmware]\n"));
}
BOOST_AUTO_TEST_SUITE_END()
