#include "lock/lockfile.h"

#include <apt-pkg/tagfile.h>

#include <algorithm>
#include <sstream>

#include "util/error.h"
#include "util/strings.h"

namespace debimg {

namespace {

void field(std::string& out, const char* name, const std::string& value) {
  out += name;
  out += ": ";
  out += value;
  out += '\n';
}

}  // namespace

int64_t Lockfile::source_date_epoch() const {
  int64_t newest = 0;
  for (const auto& s : suites) newest = std::max(newest, s.date_epoch);
  return newest;
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
  field(out, "Architecture", lock.architecture);
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
  }
  return out;
}

Lockfile parse_lockfile(const std::string& text, const std::string& what) {
  Lockfile lock;
  size_t pos = 0;
  bool header = true;
  while (pos < text.size()) {
    size_t end = text.find("\n\n", pos);
    std::string stanza = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? text.size() : end + 2;
    if (stanza.find_first_not_of("\n") == std::string::npos) continue;
    stanza += "\n\n";
    pkgTagSection s;
    if (!s.Scan(stanza.c_str(), stanza.size(), false)) throw Error(what + ": cannot parse a stanza of the lockfile");
    auto need = [&](const char* name) {
      std::string v = s.FindS(name);
      if (v.empty()) throw Error(what + ": a stanza lacks " + name);
      return v;
    };
    if (header) {
      if (s.FindS("Lock-Version") != std::to_string(Lockfile::kVersion))
        throw Error(what + ": lock format version '" + s.FindS("Lock-Version") + "' is not the " +
                    std::to_string(Lockfile::kVersion) + " this debimg reads; run `debimg lock --update`");
      lock.profile_name = need("Profile");
      lock.inputs_digest = need("Inputs-Digest");
      lock.architecture = need("Architecture");
      header = false;
    } else if (s.Exists("Package")) {
      ResolvedPackage p;
      p.name = need("Package");
      p.version = need("Version");
      p.architecture = need("Architecture");
      p.suite = need("Suite");
      p.component = s.FindS("Component");
      p.filename = need("Filename");
      p.size = s.FindULL("Size");
      p.sha256 = need("SHA256");
      if (p.sha256.size() != 64) throw Error(what + ": package " + p.name + " has a malformed SHA256");
      lock.packages.push_back(std::move(p));
    } else {
      LockedSuite l;
      l.suite = need("Suite");
      l.components = split_words(s.FindS("Components"));
      l.origin = s.FindS("Origin");
      l.label = s.FindS("Label");
      l.codename = s.FindS("Codename");
      l.date = s.FindS("Date");
      l.date_epoch = static_cast<int64_t>(s.FindULL("Date-Epoch"));
      l.inrelease_sha256 = need("InRelease-SHA256");
      l.trusted = s.FindS("Trusted") == "yes";
      l.signed_by = split_words(s.FindS("Signed-By"));
      l.keyring_fingerprints = split_words(s.FindS("Keyring-Fingerprints"));
      lock.suites.push_back(std::move(l));
    }
  }
  if (header) throw Error(what + ": empty lockfile");
  return lock;
}

}  // namespace debimg
