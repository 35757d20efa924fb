#include "compose/compose_result.h"

namespace debimg {

void to_json(nlohmann::json& j, const ImageReport& r) {
  j = {{"manifest", r.manifest}, {"config", r.config}, {"layers", nlohmann::json::array()}};
  for (const auto& l : r.layers)
    j["layers"].push_back({{"digest", l.digest}, {"diff-id", l.diff_id}, {"size", l.size}, {"media-type", l.media_type},
                           {"reused", l.reused}});
  j["sboms"] = r.sboms;
}

void from_json(const nlohmann::json& j, ImageReport& r) {
  r.manifest = j.at("manifest");
  r.config = j.at("config");
  r.layers.clear();
  for (const auto& l : j.at("layers")) {
    LayerBlob b;
    b.digest = l.at("digest");
    b.diff_id = l.at("diff-id");
    b.size = l.at("size");
    b.media_type = l.at("media-type");
    b.reused = l.at("reused");
    r.layers.push_back(b);
  }
  r.sboms.clear();
  if (j.contains("sboms")) r.sboms = j.at("sboms").get<std::map<std::string, std::string>>();
}

void to_json(nlohmann::json& j, const std::optional<ImageReport>& r) { j = r ? nlohmann::json(*r) : nlohmann::json(); }

void from_json(const nlohmann::json& j, std::optional<ImageReport>& r) {
  r = j.is_null() ? std::nullopt : std::optional<ImageReport>(j.get<ImageReport>());
}

void to_json(nlohmann::json& j, const TreeOutcome& o) {
  j = {{"image", o.image}, {"listing", o.listing ? nlohmann::json(*o.listing) : nlohmann::json()}};
}

void from_json(const nlohmann::json& j, TreeOutcome& o) {
  o.image = j.at("image").get<std::optional<ImageReport>>();
  o.listing.reset();
  if (!j.at("listing").is_null()) o.listing = j.at("listing").get<TreeListing>();
}

std::string ReproducibilityCheck::summary() const {
  if (differences.empty()) return "two builds made the same " + std::to_string(paths) + " paths";
  constexpr size_t kNamed = 20;  // one line stays readable; --json lists them all
  std::string text = std::to_string(differences.size()) + " of " + std::to_string(paths) +
                     " paths differ between two builds: ";
  for (size_t i = 0; i < differences.size() && i < kNamed; ++i) text += (i ? ", " : "") + differences[i];
  if (differences.size() > kNamed) text += " and " + std::to_string(differences.size() - kNamed) + " more";
  return text;
}

}  // namespace debimg
