#include "lock/lockfile.h"

#include <apt-pkg/strutl.h>
#include <apt-pkg/tagfile.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <initializer_list>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "util/error.h"
#include "util/strings.h"
#include "validate/identifiers.h"

namespace debimg {

namespace {

void field(std::string& out, const char* name, const std::string& value) {
  out += name;
  out += ": ";
  out += value;
  out += '\n';
}

// One stanza of a lockfile being read: every message names the file, the
// line of the field, the stanza and the field.
class LockStanza {
 public:
  LockStanza(const std::string& buffer, const std::string& file, size_t first_line, size_t number)
      : buffer_(buffer), file_(file), first_line_(first_line), stanza_("stanza " + std::to_string(number)), label_(stanza_) {
    if (!section_.Scan(buffer_.c_str(), buffer_.size(), false))
      throw Error(file_ + ":" + std::to_string(first_line_) + ": " + label_ + ": cannot parse this stanza of the lockfile");
  }
  // Once the stanza's own name is known (and valid): "stanza 3 (package app)".
  void name(const std::string& what) { label_ = stanza_ + " (" + what + ")"; }

  bool has(const char* field) const { return section_.Exists(field); }
  std::string get(const char* field) const { return section_.FindS(field); }
  std::string need(const char* field) const {
    std::string value = get(field);
    if (value.empty()) throw Error(where(field) + ": missing or empty");
    return value;
  }
  // A decimal number, digits only (FindULL would take "12abc" as 12).
  uint64_t number(const char* field) const {
    const std::string value = need(field);
    uint64_t n = 0;
    for (char c : value) {
      if (c < '0' || c > '9' || n > (UINT64_MAX - 9) / 10) throw Error(where(field) + ": " + quoted_value(value) + " is not a number");
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    return n;
  }
  // Refuses any field but these: a lock holds nothing debimg does not write.
  void only(std::initializer_list<std::string_view> known) const {
    for (unsigned i = 0; i < section_.Count(); ++i) {
      const char *start = nullptr, *stop = nullptr;
      section_.Get(start, stop, i);
      const std::string_view line(start, static_cast<size_t>(stop - start));
      const std::string_view tag = line.substr(0, line.find(':'));
      if (std::find(known.begin(), known.end(), tag) == known.end())
        throw Error(file_ + ":" + std::to_string(line_of(start)) + ": " + label_ + ": unknown field " + quoted_value(tag));
    }
  }
  std::string where(const char* field) const {
    const char *start = nullptr, *stop = nullptr;
    const size_t line = section_.Find(field, start, stop) ? line_of(start) : first_line_;
    return file_ + ":" + std::to_string(line) + ": " + label_ + ": " + field;
  }

 private:
  size_t line_of(const char* p) const {
    return first_line_ + static_cast<size_t>(std::count(buffer_.c_str(), p, '\n'));
  }
  const std::string& buffer_;
  std::string file_;
  size_t first_line_;
  std::string stanza_, label_;
  pkgTagSection section_;
};

}  // namespace

const std::string& Lockfile::architecture() const {
  if (architectures.size() != 1)
    throw Error("the lock of " + profile_name + " has " + std::to_string(architectures.size()) +
                " architectures (" + join(architectures, ", ") + "); one of them is needed here");
  return architectures.front();
}

Lockfile Lockfile::platform(const std::string& architecture) const {
  if (std::find(architectures.begin(), architectures.end(), architecture) == architectures.end())
    throw Error("the lock of " + profile_name + " has no architecture '" + architecture + "' (it has " +
                join(architectures, ", ") + ")");
  Lockfile one = *this;
  one.architectures = {architecture};
  one.packages.clear();
  for (const auto& p : packages)
    // A stanza that names no platform serves a one-architecture lock's one.
    if ((p.platforms.empty() && architectures.size() == 1) ||
        std::find(p.platforms.begin(), p.platforms.end(), architecture) != p.platforms.end()) {
      one.packages.push_back(p);
      one.packages.back().platforms = {architecture};
    }
  return one;
}

Lockfile merge_platform_locks(const std::vector<Lockfile>& per_architecture) {
  if (per_architecture.empty()) throw Error("no architecture to lock");
  Lockfile merged = per_architecture.front();
  merged.architectures.clear();
  merged.packages.clear();
  // A stanza's identity: everything but the platforms it serves.
  auto key = [](const ResolvedPackage& p) {
    return std::make_tuple(p.name, p.architecture, p.version, p.suite, p.component, p.filename, p.size, p.sha256,
                           p.requested, p.depends_on);
  };
  std::map<decltype(key(ResolvedPackage{})), size_t> seen;  // identity → its stanza in merged.packages
  for (const auto& one : per_architecture) {
    const std::string& arch = one.architecture();
    for (size_t i = 0; i < one.suites.size(); ++i)
      if (one.suites.size() != merged.suites.size() ||
          one.suites[i].inrelease_sha256 != merged.suites[i].inrelease_sha256)
        throw Error("suite '" + one.suites[i].suite + "' changed on the mirror while " + arch +
                    " was being resolved; lock again");
    merged.architectures.push_back(arch);
    for (const auto& p : one.packages) {
      auto [it, added] = seen.emplace(key(p), merged.packages.size());
      if (!added) {
        merged.packages[it->second].platforms.push_back(arch);
        continue;
      }
      merged.packages.push_back(p);
      merged.packages.back().platforms = {arch};
    }
  }
  auto order = [&](const ResolvedPackage& p) {
    return std::find(merged.architectures.begin(), merged.architectures.end(), p.platforms.front()) -
           merged.architectures.begin();
  };
  std::stable_sort(merged.packages.begin(), merged.packages.end(), [&](const ResolvedPackage& a, const ResolvedPackage& b) {
    return std::make_tuple(a.name, a.architecture, order(a)) < std::make_tuple(b.name, b.architecture, order(b));
  });
  return merged;
}

std::vector<std::string> Lockfile::why(const std::string& package) const {
  architecture();  // one architecture's edges
  if (version < 2) throw Error("the lock predates dependency edges (format 1): run `debimg lock --update` once");
  Resolution graph;  // the lock's edges, read as the resolver's
  for (const auto& p : packages) {
    if (!p.requested.empty()) graph.roots[p.name] = p.requested;
    graph.depends[p.name] = p.depends_on;
  }
  if (!graph.depends.count(package)) throw Error("'" + package + "' is not in the lock");
  return why_chain(graph, package);
}

std::filesystem::path lockfile_path(const std::filesystem::path& profile) {
  std::filesystem::path p = profile;
  return p.replace_extension(".lock");
}

std::string serialize_lockfile(const Lockfile& lock) {
  std::string out;
  field(out, "Lock-Version", std::to_string(Lockfile::kVersion));
  field(out, "Profile", lock.profile_name);
  field(out, "Inputs-Digest", lock.inputs_digest);
  field(out, "Architectures", join(lock.architectures, " "));
  field(out, "Packages", std::to_string(lock.packages.size()));
  for (const auto& s : lock.suites) {
    out += '\n';
    field(out, "Suite", s.suite);
    field(out, "Components", join(s.components, " "));
    field(out, "Origin", s.origin);
    field(out, "Label", s.label);
    field(out, "Codename", s.codename);
    field(out, "Date", s.date);
    field(out, "Date-Epoch", std::to_string(s.date_epoch));
    field(out, "InRelease-SHA256", s.inrelease_sha256);
    if (s.trusted) {
      field(out, "Trusted", "yes");
    } else {
      field(out, "Signed-By", join(s.signed_by, " "));
      field(out, "Keyring-Fingerprints", join(s.keyring_fingerprints, " "));
    }
  }
  for (const auto& p : lock.packages) {
    out += '\n';
    field(out, "Package", p.name);
    field(out, "Version", p.version);
    field(out, "Architecture", p.architecture);
    field(out, "Suite", p.suite);
    if (!p.component.empty()) field(out, "Component", p.component);
    field(out, "Filename", p.filename);
    field(out, "Size", std::to_string(p.size));
    field(out, "SHA256", p.sha256);
    if (!p.requested.empty()) field(out, "Requested", p.requested);
    if (!p.depends_on.empty()) field(out, "Depends-On", join(p.depends_on, " "));
    // A one-architecture lock's packages all serve it; else only the stanzas
    // that serve other than their own architecture say which.
    if (lock.architectures.size() > 1 && p.platforms != std::vector<std::string>{p.architecture})
      field(out, "Platforms", join(p.platforms, " "));
  }
  return out;
}

Lockfile parse_lockfile(const std::string& text, const std::string& what) {
  Lockfile lock;
  size_t pos = 0, line = 1, number = 0;
  std::set<std::string> seen;  // name:architecture
  uint64_t count = 0;
  while (pos < text.size()) {
    const size_t end = text.find("\n\n", pos);
    std::string stanza = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    size_t first_line = line;
    line += static_cast<size_t>(std::count(stanza.begin(), stanza.end(), '\n')) + (end == std::string::npos ? 0 : 2);
    pos = end == std::string::npos ? text.size() : end + 2;
    const size_t lead = stanza.find_first_not_of('\n');
    if (lead == std::string::npos) continue;
    stanza.erase(0, lead);  // so that line numbers count from the stanza's first field
    first_line += lead;
    ++number;
    stanza += "\n\n";
    LockStanza s(stanza, what, first_line, number);
    if (number == 1) {
      s.name("header");
      const std::string v = s.get("Lock-Version");
      if (v != "1" && v != "2" && v != "3")
        throw Error(s.where("Lock-Version") + ": lock format version " + quoted_value(v) +
                    " is not one this debimg reads (1 to " + std::to_string(Lockfile::kVersion) + "); run `debimg lock --update`");
      lock.version = v[0] - '0';
      if (lock.version < 3)
        s.only({"Lock-Version", "Profile", "Inputs-Digest", "Architecture", "Packages"});
      else
        s.only({"Lock-Version", "Profile", "Inputs-Digest", "Architectures", "Packages"});
      lock.profile_name = s.need("Profile");
      require_field_text(lock.profile_name, s.where("Profile"));
      lock.inputs_digest = s.need("Inputs-Digest");
      require_sha256_digest(lock.inputs_digest, s.where("Inputs-Digest"));
      const char* archs = lock.version < 3 ? "Architecture" : "Architectures";
      lock.architectures = split_words(s.need(archs));
      for (const auto& a : lock.architectures) {
        require_architecture(a, s.where(archs));
        if (a == "all") throw Error(s.where(archs) + ": 'all' is no image's architecture");
        if (std::count(lock.architectures.begin(), lock.architectures.end(), a) > 1)
          throw Error(s.where(archs) + ": '" + a + "' is listed twice");
      }
      if (lock.version < 3 && lock.architectures.size() != 1)
        throw Error(s.where(archs) + ": a format " + v + " lock has one architecture");
      count = s.number("Packages");
    } else if (s.has("Package")) {
      ResolvedPackage p;
      p.name = s.need("Package");
      require_package_name(p.name, s.where("Package"));
      s.name("package " + p.name);
      if (lock.version >= 3)
        s.only({"Package", "Version", "Architecture", "Suite", "Component", "Filename", "Size", "SHA256", "Requested",
                "Depends-On", "Platforms"});
      else if (lock.version == 2)
        s.only({"Package", "Version", "Architecture", "Suite", "Component", "Filename", "Size", "SHA256", "Requested",
                "Depends-On"});
      else
        s.only({"Package", "Version", "Architecture", "Suite", "Component", "Filename", "Size", "SHA256"});
      p.requested = s.get("Requested");
      require_field_text(p.requested, s.where("Requested"));
      p.depends_on = split_words(s.get("Depends-On"));
      for (const auto& d : p.depends_on) require_package_name(d, s.where("Depends-On"));
      p.version = s.need("Version");
      require_version(p.version, s.where("Version"));
      p.architecture = s.need("Architecture");
      require_architecture(p.architecture, s.where("Architecture"));
      p.suite = s.need("Suite");
      require_suite_name(p.suite, s.where("Suite"));
      p.component = s.get("Component");
      p.filename = s.need("Filename");
      p.size = s.number("Size");
      p.sha256 = s.need("SHA256");
      require_sha256(p.sha256, s.where("SHA256"));
      if (p.suite == "local") {
        // A path as the profile wrote it; lock_builder checks it is one of its local-debs.
        if (!p.component.empty()) throw Error(s.where("Component") + ": a local package has no component");
        require_field_text(p.filename, s.where("Filename"));
      } else {
        if (std::none_of(lock.suites.begin(), lock.suites.end(), [&](const LockedSuite& l) { return l.suite == p.suite; }))
          throw Error(s.where("Suite") + ": '" + p.suite + "' is none of the lock's suites");
        p.component = s.need("Component");
        require_component_name(p.component, s.where("Component"));
        require_pool_path(p.filename, s.where("Filename"));
      }
      p.platforms = split_words(s.get("Platforms"));
      if (!s.has("Platforms")) {
        if (lock.architectures.size() == 1)
          p.platforms = lock.architectures;
        else if (std::count(lock.architectures.begin(), lock.architectures.end(), p.architecture))
          p.platforms = {p.architecture};
        else
          throw Error(s.where("Platforms") + ": missing: a " + p.architecture +
                      " package must name the architectures it serves");
      }
      if (p.platforms.empty()) throw Error(s.where("Platforms") + ": missing or empty");
      for (const auto& a : p.platforms) {
        if (std::find(lock.architectures.begin(), lock.architectures.end(), a) == lock.architectures.end())
          throw Error(s.where("Platforms") + ": '" + a + "' is none of the lock's architectures");
        if (!seen.insert(p.name + ":" + p.architecture + " on " + a).second)
          throw Error(s.where("Package") + ": " + p.name + ":" + p.architecture + " is locked twice for " + a);
      }
      lock.packages.push_back(std::move(p));
    } else {
      if (!lock.packages.empty()) throw Error(s.where("Suite") + ": a suite stanza after the packages");
      LockedSuite l;
      l.suite = s.need("Suite");
      require_suite_name(l.suite, s.where("Suite"));
      s.name("suite " + l.suite);
      s.only({"Suite", "Components", "Origin", "Label", "Codename", "Date", "Date-Epoch", "InRelease-SHA256", "Trusted",
              "Signed-By", "Keyring-Fingerprints"});
      l.components = split_words(s.get("Components"));
      for (const auto& c : l.components) require_component_name(c, s.where("Components"));
      l.origin = s.get("Origin");
      require_field_text(l.origin, s.where("Origin"));
      l.label = s.get("Label");
      require_field_text(l.label, s.where("Label"));
      l.codename = s.get("Codename");
      require_field_text(l.codename, s.where("Codename"));
      l.date = s.get("Date");
      require_field_text(l.date, s.where("Date"));
      if (time_t t = 0; !l.date.empty() && !RFC1123StrToTime(l.date, t))
        throw Error(s.where("Date") + ": " + quoted_value(l.date) + " is not an RFC 1123 date");
      l.date_epoch = static_cast<int64_t>(s.number("Date-Epoch"));
      l.inrelease_sha256 = s.need("InRelease-SHA256");
      require_sha256(l.inrelease_sha256, s.where("InRelease-SHA256"));
      if (s.has("Trusted") && s.get("Trusted") != "yes")
        throw Error(s.where("Trusted") + ": " + quoted_value(s.get("Trusted")) + " is not 'yes'");
      l.trusted = s.has("Trusted");
      l.signed_by = split_words(s.get("Signed-By"));
      for (const auto& f : l.signed_by) require_openpgp_fingerprint(f, s.where("Signed-By"));
      l.keyring_fingerprints = split_words(s.get("Keyring-Fingerprints"));
      for (const auto& f : l.keyring_fingerprints) require_openpgp_fingerprint(f, s.where("Keyring-Fingerprints"));
      lock.suites.push_back(std::move(l));
    }
  }
  if (number == 0) throw Error(what + ": empty lockfile");
  for (const auto& arch : lock.architectures) {
    std::set<std::string> names;  // what this architecture's image holds
    for (const auto& p : lock.packages)
      if (std::count(p.platforms.begin(), p.platforms.end(), arch)) names.insert(p.name);
    for (const auto& p : lock.packages)
      if (std::count(p.platforms.begin(), p.platforms.end(), arch))
        for (const auto& d : p.depends_on)
          if (!names.count(d))
            throw Error(what + ": package " + p.name + ": Depends-On names '" + d + "', which the lock does not hold" +
                        (lock.architectures.size() > 1 ? " for " + arch : ""));
  }
  if (count != lock.packages.size())
    throw Error(what + ": the header says Packages: " + std::to_string(count) + ", the lock has " +
                std::to_string(lock.packages.size()) + " package stanzas");
  return lock;
}

}  // namespace debimg
