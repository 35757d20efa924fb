#include "profile/canonical.h"

#include "util/sha256.h"
#include "util/uri_userinfo.h"

using nlohmann::json;

namespace debimg {

namespace {

json source_json(const Source& s) {
  // Credentials in a URI are no resolution input, and never shown.
  json uris = json::array();
  for (const auto& u : s.uris) uris.push_back(without_userinfo(u));
  json j{{"suites", s.suites},
              {"components", s.components},
              {"uris", s.uris.empty() ? json(nullptr) : uris},
              {"signed-by", s.signed_by.empty() ? json(nullptr) : json(s.signed_by)},
              {"trusted", s.trusted},
              {"check-valid-until", s.check_valid_until}};
  if (!s.codename.empty()) j["codename"] = s.codename;  // absent when unset: older profiles keep their hash
  return j;
}

json hooks_json(const std::vector<Hook>& hooks) {
  json out = json::array();
  for (const auto& h : hooks)
    out.push_back(h.path.empty() ? json{{"run", h.run}, {"chroot", h.chroot}} : json(h.path));
  return out;
}

}  // namespace

json resolution_inputs(const Profile& p) {
  json sources = json::array();
  for (const auto& s : p.sources) sources.push_back(source_json(s));
  json packages = json::array();
  for (const auto& spec : p.packages) packages.push_back(spec.str());
  return json{{"sources", sources},
              {"architectures", p.architectures},
              {"variant", to_string(p.variant)},
              {"packages", packages},
              {"exclude", p.exclude},
              {"local-debs", p.local_debs},
              {"merged-usr", p.merged_usr}};
}

json canonical_json(const Profile& p) {
  json out = resolution_inputs(p);
  out["name"] = p.name;
  out["slim"] = p.slim;
  json groups = json::array(), users = json::array();
  for (const auto& g : p.accounts.groups) groups.push_back({{"name", g.name}, {"gid", g.gid}});
  for (const auto& u : p.accounts.users)
    users.push_back({{"name", u.name}, {"uid", u.uid}, {"group", u.group}, {"home", u.home}, {"shell", u.shell}});
  out["accounts"] = {{"groups", groups}, {"users", users}};
  out["hooks"] = {{"setup", hooks_json(p.hooks.setup)},
                  {"extract", hooks_json(p.hooks.extract)},
                  {"essential", hooks_json(p.hooks.essential)},
                  {"customize", hooks_json(p.hooks.customize)}};
  const ImageConfig& i = p.image;
  json layers = i.layers.kind == LayerStrategy::single ? json("single")
                                                       : json{{"strategy", "packages"}, {"max", i.layers.max}};
  out["image"] = {{"tag", i.tag},
                  {"entrypoint", i.entrypoint},
                  {"cmd", i.cmd},
                  {"env", i.env},
                  {"user", i.user},
                  {"workdir", i.workdir},
                  {"labels", i.labels},
                  {"exposed-ports", i.exposed_ports},
                  {"stop-signal", i.stop_signal},
                  {"apt-sources", i.apt_sources},
                  {"layers", layers},
                  {"compression", to_string(i.compression)},
                  {"hostname", i.hostname},
                  {"mailname", i.mailname.empty() ? json(nullptr) : json(i.mailname)},
                  {"keep-generated-keys", i.keep_generated_keys},
                  {"sbom", i.sbom}};
  // No resolution input (the inputs digest leaves it out): it dates the image.
  out["source-date-epoch"] = p.source_date_epoch ? json(*p.source_date_epoch) : json(nullptr);
  return out;
}

std::string inputs_digest(const Profile& p) { return "sha256:" + sha256_hex(resolution_inputs(p).dump()); }

}  // namespace debimg
