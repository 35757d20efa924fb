#include "profile/profile_parser.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <regex>
#include <set>

#include "profile/hook_location.h"
#include "profile/yaml_field.h"
#include "util/uri_userinfo.h"
#include "validate/identifiers.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

const std::vector<std::string> kSlimKinds{"docs", "man", "info", "locales", "apt-lists", "caches"};
const std::vector<std::string> kHookStages{"setup", "extract", "essential", "customize"};

// std::regex matches by recursion, a frame or more per character: a long
// enough string (a few thousand characters under ASan, tests/fuzz) overflows
// the stack. Nothing a profile names or points to is longer than this.
constexpr size_t kMaxMatched = 1024;
bool full_match(const std::string& s, const std::regex& re) { return s.size() <= kMaxMatched && std::regex_match(s, re); }

bool is_inline_key(const std::string& s) { return s.find("-----BEGIN PGP PUBLIC KEY BLOCK-----") != std::string::npos; }

// Records where a field stands, for messages of later stages.
void remember(Profile& p, const YamlField& f) { p.locations[f.path()] = f.location(); }

void require_existing_path(const Profile& p, const YamlField& f, const std::string& written) {
  fs::path resolved = p.resolve_path(written);
  std::error_code ec;
  if (!fs::exists(resolved, ec)) f.fail("'" + written + "' does not exist (looked for " + resolved.string() + ")");
}

void require_unique(const YamlField& list, const std::vector<std::string>& values, const std::string& what) {
  std::set<std::string> seen;
  auto items = list.items();
  for (size_t i = 0; i < values.size(); ++i)
    if (!seen.insert(values[i]).second) items[i].fail(what + " '" + values[i] + "' is listed twice");
}

Source parse_source(Profile& p, const YamlField& field) {
  YamlMap m(field, {"suites", "components", "uris", "signed-by", "trusted", "check-valid-until", "codename"});
  Source s;
  auto suites = m.require("suites");
  s.suites = suites.strings();
  if (s.suites.empty()) suites.fail("needs at least one suite");
  require_unique(suites, s.suites, "suite");
  // A suite and a component become parts of URLs and cache names.
  for (size_t i = 0; i < s.suites.size(); ++i)
    if (!is_suite_name(s.suites[i])) suites.items()[i].fail(quoted_value(s.suites[i]) + " is not a suite name");
  for (auto& item : suites.items()) remember(p, item);
  if (auto f = m.get("components")) {
    s.components = f->strings();
    if (s.components.empty()) f->fail("needs at least one component");
    require_unique(*f, s.components, "component");
    for (size_t i = 0; i < s.components.size(); ++i)
      if (!is_component_name(s.components[i]))
        f->items()[i].fail(quoted_value(s.components[i]) + " is not a component name");
  }
  if (auto f = m.get("uris")) {
    s.uris = f->string_or_strings();
    std::regex uri(R"(^(https?|file)://\S+$)");
    for (size_t i = 0; i < s.uris.size(); ++i)
      if (!full_match(s.uris[i], uri))
        (f->is_sequence() ? f->items()[i] : *f)
            .fail("'" + without_userinfo(s.uris[i]) + "' is not an http://, https:// or file:// URI");
    remember(p, *f);
  }
  if (auto f = m.get("signed-by")) {
    s.signed_by = f->string_or_strings();
    for (size_t i = 0; i < s.signed_by.size(); ++i)
      if (!is_inline_key(s.signed_by[i]))
        require_existing_path(p, f->is_sequence() ? f->items()[i] : *f, s.signed_by[i]);
    remember(p, *f);
  }
  if (auto f = m.get("trusted")) {
    s.trusted = f->boolean();
    if (s.trusted && m.get("signed-by"))
      f->fail("'trusted: true' and 'signed-by' contradict each other: trusted skips the signature check");
  }
  if (auto f = m.get("check-valid-until")) s.check_valid_until = f->boolean();
  if (auto f = m.get("codename")) {
    s.codename = f->string();
    if (!is_suite_name(s.codename)) f->fail(quoted_value(s.codename) + " is not a codename");
  }
  remember(p, field);
  return s;
}

Accounts parse_accounts(Profile& p, const YamlField& field) {
  YamlMap m(field, {"groups", "users"});
  Accounts a;
  const std::regex name_re("^[a-z_][a-z0-9_-]*\\$?$");
  std::set<std::string> names;
  std::set<unsigned> ids;
  if (auto groups = m.get("groups")) {
    for (const auto& item : groups->items()) {
      YamlMap g(item, {"name", "gid"});
      Group group{g.require("name").string(), g.require("gid").number(0, 4294967294u)};
      if (!full_match(group.name, name_re) || group.name.size() > 32)
        g.require("name").fail("'" + group.name + "' is not a valid group name");
      if (!names.insert(group.name).second) g.require("name").fail("group '" + group.name + "' is defined twice");
      if (!ids.insert(group.gid).second) g.require("gid").fail("gid " + std::to_string(group.gid) + " is used twice");
      remember(p, item);
      a.groups.push_back(group);
    }
  }
  names.clear();
  ids.clear();
  if (auto users = m.get("users")) {
    for (const auto& item : users->items()) {
      YamlMap u(item, {"name", "uid", "group", "home", "shell"});
      User user;
      user.name = u.require("name").string();
      if (!full_match(user.name, name_re) || user.name.size() > 32)
        u.require("name").fail("'" + user.name + "' is not a valid user name");
      if (!names.insert(user.name).second) u.require("name").fail("user '" + user.name + "' is defined twice");
      user.uid = u.require("uid").number(0, 4294967294u);
      if (!ids.insert(user.uid).second) u.require("uid").fail("uid " + std::to_string(user.uid) + " is used twice");
      user.group = u.get("group") ? u.get("group")->string() : user.name;
      user.home = u.get("home") ? u.get("home")->string() : "/home/" + user.name;
      if (user.home.front() != '/') u.get("home")->fail("must be an absolute path");
      if (auto shell = u.get("shell")) {
        user.shell = shell->string();
        if (user.shell.front() != '/') shell->fail("must be an absolute path");
      }
      remember(p, item);
      a.users.push_back(user);
    }
  }
  return a;
}

std::vector<Hook> parse_hook_list(Profile& p, const YamlField& field) {
  std::vector<Hook> out;
  for (const auto& item : field.items()) {
    Hook h;
    if (item.is_scalar()) {
      h.path = item.string();
      // Found and checked now, before any download.
      if (std::string why = locate_hook(p, h); !why.empty()) item.fail(why);
    } else {
      YamlMap m(item, {"run", "chroot"});
      h.run = m.require("run").string();
      if (auto c = m.get("chroot")) h.chroot = c->boolean();
    }
    remember(p, item);
    out.push_back(h);
  }
  return out;
}

Hooks parse_hooks(Profile& p, const YamlField& field) {
  YamlMap m(field, kHookStages);
  Hooks h;
  for (const auto& stage : kHookStages)
    if (auto f = m.get(stage)) remember(p, *f);
  if (auto f = m.get("setup")) {
    h.setup = parse_hook_list(p, *f);
    for (size_t i = 0; i < h.setup.size(); ++i)
      if (h.setup[i].chroot) f->items()[i].fail("chroot: true at setup: the tree is still empty, there is nothing to chroot into");
  }
  if (auto f = m.get("extract")) h.extract = parse_hook_list(p, *f);
  if (auto f = m.get("essential")) h.essential = parse_hook_list(p, *f);
  if (auto f = m.get("customize")) h.customize = parse_hook_list(p, *f);
  return h;
}

std::string parse_port(const YamlField& f) {
  static const std::regex port_re("^([0-9]{1,5})(/(tcp|udp|sctp))?$");
  std::smatch match;
  std::string s = f.string();
  if (s.size() > kMaxMatched || !std::regex_match(s, match, port_re) || std::stoul(match[1]) == 0 || std::stoul(match[1]) > 65535)
    f.fail("'" + s + "' is not a port: write NUMBER or NUMBER/tcp, NUMBER/udp, NUMBER/sctp");
  return match[1].str() + "/" + (match[3].matched ? match[3].str() : "tcp");
}

LayerStrategy parse_layers(const YamlField& f) {
  LayerStrategy l;
  if (f.is_scalar()) {
    f.one_of({"single"});
    return l;
  }
  YamlMap m(f, {"strategy", "max"});
  m.require("strategy").one_of({"packages"});
  l.kind = LayerStrategy::packages;
  l.max = m.get("max") ? m.get("max")->number(2, 127) : 16;
  return l;
}

// A host or mail name as RFC 1123 has it: dot-separated labels of letters,
// digits and inner hyphens, at most 63 characters each and 253 in all.
std::string host_name(const YamlField& f) {
  const std::string name = f.string();
  static const std::regex label_re("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");
  bool ok = !name.empty() && name.size() <= 253;
  for (size_t start = 0; ok;) {
    const size_t dot = name.find('.', start);
    ok = full_match(name.substr(start, dot - start), label_re);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (!ok) f.fail("'" + name + "' is not a host name (letters, digits and inner hyphens, in dot-separated labels)");
  return name;
}

ImageConfig parse_image(Profile& p, const YamlField& field) {
  YamlMap m(field, {"tag", "entrypoint", "cmd", "env", "user", "workdir", "labels", "exposed-ports",
                    "stop-signal", "apt-sources", "layers", "compression", "hostname", "mailname",
                    "keep-generated-keys", "sbom"});
  ImageConfig c;
  if (auto f = m.get("tag")) {
    c.tag = f->string();
    static const std::regex tag_re(R"(^[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$)");
    if (!full_match(c.tag, tag_re)) f->fail("'" + c.tag + "' is not a valid image reference (name[:tag])");
  }
  if (auto f = m.get("entrypoint")) c.entrypoint = f->string_or_strings();
  if (auto f = m.get("cmd")) c.cmd = f->string_or_strings();
  if (auto f = m.get("env")) {
    c.env = f->string_map();
    static const std::regex env_re("^[A-Za-z_][A-Za-z0-9_]*$");
    for (const auto& [k, v] : c.env)
      if (!full_match(k, env_re)) f->fail("'" + k + "' is not a valid environment variable name");
  }
  if (auto f = m.get("user")) c.user = f->string();
  if (auto f = m.get("workdir")) {
    c.workdir = f->string();
    if (c.workdir.front() != '/') f->fail("must be an absolute path");
  }
  if (auto f = m.get("labels")) c.labels = f->string_map();
  if (auto f = m.get("exposed-ports")) {
    for (const auto& item : f->items()) c.exposed_ports.push_back(parse_port(item));
    require_unique(*f, c.exposed_ports, "port");
  }
  if (auto f = m.get("stop-signal")) {
    c.stop_signal = f->string();
    static const std::regex sig_re("^(SIG[A-Z0-9+-]+|[0-9]+)$");
    if (!full_match(c.stop_signal, sig_re)) f->fail("'" + c.stop_signal + "' is not a signal (SIGTERM, SIGINT, 15, ...)");
  }
  if (auto f = m.get("apt-sources")) c.apt_sources = f->one_of({"default", "none"});
  if (auto f = m.get("layers")) c.layers = parse_layers(*f);
  if (auto f = m.get("hostname")) c.hostname = host_name(*f);
  if (auto f = m.get("mailname")) c.mailname = host_name(*f);
  if (auto f = m.get("keep-generated-keys")) c.keep_generated_keys = f->boolean();
  if (auto f = m.get("sbom")) {
    c.sbom.clear();
    if (!f->is_sequence()) f->fail("must be a list of SBOM formats ([spdx], [spdx, cyclonedx], or [] for none)");
    for (const auto& item : f->items()) c.sbom.push_back(item.one_of({"spdx", "cyclonedx"}));
    require_unique(*f, c.sbom, "SBOM format");
  }
  if (auto f = m.get("compression")) c.compression = f->one_of({"gzip", "zstd"}) == "zstd" ? Compression::zstd : Compression::gzip;
  for (const auto& key : {"tag", "layers", "compression"})
    if (auto f = m.get(key)) remember(p, *f);
  return c;
}

Variant parse_variant(const YamlField& f) {
  std::string v = f.one_of({"essential", "minbase", "required", "apt", "important", "custom"});
  if (v == "essential") return Variant::essential;
  if (v == "minbase" || v == "required") return Variant::minbase;
  if (v == "apt") return Variant::apt;
  if (v == "important") return Variant::important;
  return Variant::custom;
}

}  // namespace

Profile parse_profile(const fs::path& file, const std::string& text, const std::string& host_architecture) {
  Profile p;
  p.file = file;
  const std::string file_name = file.string();
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(Location{file_name, e.mark.line + 1, e.mark.column + 1}, "", "invalid YAML: " + e.msg);
  }
  YamlField top(root, "", &file_name);
  if (root.IsNull()) throw InputError(Location{file_name, 1, 1}, "", "the profile is empty");
  YamlMap m(top, {"name", "sources", "architectures", "variant", "packages", "exclude", "local-debs",
                  "merged-usr", "slim", "accounts", "hooks", "image", "source-date-epoch"});

  auto name = m.require("name");
  p.name = name.string();
  static const std::regex name_re("^[a-z0-9][a-z0-9._-]*$");
  if (!full_match(p.name, name_re)) name.fail("'" + p.name + "' is not a valid name (lowercase letters, digits, '.', '_', '-')");

  auto sources = m.require("sources");
  std::map<std::string, std::string> suite_owner;
  for (const auto& item : sources.items()) {
    p.sources.push_back(parse_source(p, item));
    for (const auto& suite : p.sources.back().suites)
      if (!suite_owner.emplace(suite, item.path()).second)
        item.fail("suite '" + suite + "' is already listed in " + suite_owner[suite]);
  }
  if (p.sources.empty()) sources.fail("needs at least one source");

  if (auto f = m.get("architectures")) {
    p.architectures = f->strings();
    if (p.architectures.empty()) f->fail("needs one architecture");
    for (size_t i = 0; i < p.architectures.size(); ++i)
      if (!is_architecture(p.architectures[i]) || p.architectures[i] == "all")
        f->items()[i].fail(quoted_value(p.architectures[i]) + " is not a Debian architecture");
    for (size_t i = 1; i < p.architectures.size(); ++i)
      if (std::find(p.architectures.begin(), p.architectures.begin() + static_cast<long>(i), p.architectures[i]) !=
          p.architectures.begin() + static_cast<long>(i))
        f->items()[i].fail(quoted_value(p.architectures[i]) + " is listed twice");
    remember(p, *f);
  } else {
    p.architectures = {host_architecture};
  }

  if (auto f = m.get("variant")) {
    p.variant = parse_variant(*f);
    remember(p, *f);
  }

  std::set<std::string> requested;
  if (auto f = m.get("packages")) {
    for (const auto& item : f->items()) {
      try {
        p.packages.push_back(parse_package_spec(item.string()));
      } catch (const InputError&) {
        throw;
      } catch (const Error& e) {
        item.fail(e.what());
      }
      if (!requested.insert(p.packages.back().name).second)
        item.fail("package '" + p.packages.back().name + "' is listed twice");
      remember(p, item);
    }
  }
  if (p.variant == Variant::custom && p.packages.empty())
    (m.get("variant") ? *m.get("variant") : top).fail("variant 'custom' installs only `packages`, and there are none");

  if (auto f = m.get("exclude")) {
    p.exclude = f->strings();
    require_unique(*f, p.exclude, "package");
    auto items = f->items();
    for (size_t i = 0; i < p.exclude.size(); ++i) {
      if (!is_valid_package_name(p.exclude[i])) items[i].fail("'" + p.exclude[i] + "' is not a valid package name");
      if (requested.count(p.exclude[i])) items[i].fail("'" + p.exclude[i] + "' is both in packages and in exclude");
      remember(p, items[i]);
    }
  }

  if (auto f = m.get("local-debs")) {
    p.local_debs = f->strings();
    auto items = f->items();
    for (size_t i = 0; i < p.local_debs.size(); ++i) {
      require_existing_path(p, items[i], p.local_debs[i]);
      remember(p, items[i]);
    }
  }

  if (auto f = m.get("merged-usr")) p.merged_usr = f->boolean();
  if (auto f = m.get("source-date-epoch")) {
    p.source_date_epoch = f->number(0, std::numeric_limits<unsigned>::max());
    remember(p, *f);
  }

  if (auto f = m.get("slim")) {
    for (const auto& item : f->items()) p.slim.push_back(item.one_of(kSlimKinds));
    require_unique(*f, p.slim, "slim kind");
    remember(p, *f);
  }
  if (auto f = m.get("accounts")) {
    p.accounts = parse_accounts(p, *f);
    remember(p, *f);
  }
  if (auto f = m.get("hooks")) {
    p.hooks = parse_hooks(p, *f);
    remember(p, *f);
  }
  if (auto f = m.get("image")) p.image = parse_image(p, *f);
  if (p.image.tag.empty()) p.image.tag = p.name + ":latest";
  return p;
}

}  // namespace debimg

#include <fstream>
#include <sstream>

namespace debimg {

Profile load_profile(const fs::path& file, const std::string& host_architecture) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read the profile " + file.string() + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_profile(file, text.str(), host_architecture);
}

}  // namespace debimg
