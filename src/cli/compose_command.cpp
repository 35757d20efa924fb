// `debimg compose PROFILE.yaml`: the pipeline (compose/compose.h) with
// progress on the terminal, and its result as text or --json.
#include <unistd.h>

#include <sstream>

#include "cli/commands.h"
#include "cli/progress.h"
#include "compose/compose.h"

namespace debimg {

namespace {

nlohmann::json result_json(const ComposeResult& r) {
  nlohmann::json j{{"lockfile", r.lock_path}, {"lock-written", r.lock_written}, {"packages", r.packages},
                   {"downloaded", r.downloaded}, {"downloaded-bytes", r.downloaded_bytes}, {"retries", r.retries}};
  if (r.output.empty()) return j;  // stopped after fetching
  j["output"] = r.output;
  if (r.stopped_after == StopAfter::unpack) return j;
  j["format"] = to_string(r.format);
  if (!r.isolation.empty()) j["isolation"] = r.isolation;
  j["source-date-epoch"] = r.source_date_epoch;
  if (r.image && !r.platforms.empty()) {
    j["digest"] = r.image->manifest;  // the image index's
    j["platforms"] = nlohmann::json::array();
    for (const auto& p : r.platforms) {
      const nlohmann::json image = p.image;
      j["platforms"].push_back(
          {{"platform", p.platform}, {"digest", image["manifest"]}, {"config", image["config"]}, {"layers", image["layers"]},
           {"sboms", image["sboms"]}});
    }
  } else if (r.image) {
    const nlohmann::json image = *r.image;
    j["digest"] = image["manifest"];
    j["config"] = image["config"];
    j["layers"] = image["layers"];
    j["sboms"] = image["sboms"];
  }
  if (r.reproducible) j["reproducible"] = {{"paths", r.reproducible->paths}, {"differences", r.reproducible->differences}};
  if (!r.load_script.empty()) j["load-script"] = r.load_script;
  if (!r.sbom_files.empty()) j["sbom-files"] = r.sbom_files;
  if (r.pushed)
    j["pushed"] = {{"reference", r.pushed_to},      {"digest", r.pushed->digest},
                   {"index", r.pushed->index},       {"manifests", r.pushed->manifests},
                   {"uploaded", r.pushed->uploaded}, {"uploaded-bytes", r.pushed->uploaded_bytes},
                   {"referrers", r.pushed->referrers}, {"fallback-tags", r.pushed->fallback_tags}};
  return j;
}

std::string result_text(const ComposeResult& r) {
  std::ostringstream text;
  text << r.packages << " packages, " << r.downloaded << " downloaded (" << r.downloaded_bytes << " bytes"
       << (r.retries ? ", " + std::to_string(r.retries) + (r.retries == 1 ? " retry" : " retries") : "") << ")\n";
  if (r.output.empty()) return text.str();
  if (r.stopped_after == StopAfter::unpack) {
    text << "unpacked into " << r.output << " (" << r.unpacked_paths << " paths; not configured)\n";
    return text.str();
  }
  text << "composed " << r.output << " (" << to_string(r.format) << ")"
       << (r.image ? (r.platforms.empty() ? ", manifest " : ", image index ") + r.image->manifest : std::string()) << "\n";
  for (const auto& [format, digest] : r.image ? r.image->sboms : std::map<std::string, std::string>{})
    text << "  SBOM (" << format << "): artifact " << digest << "\n";
  for (const auto& p : r.platforms) {
    text << "  " << p.platform << ": manifest " << p.image.manifest << "\n";
    for (const auto& [format, digest] : p.image.sboms) text << "    SBOM (" << format << "): artifact " << digest << "\n";
  }
  for (const auto& file : r.sbom_files) text << "  SBOM: " << file << "\n";
  if (r.reproducible && r.reproducible->differences.empty()) text << "reproducible: " << r.reproducible->summary() << "\n";
  if (r.pushed)
    text << "pushed " << r.pushed_to << "@" << r.pushed->digest << " (" << r.pushed->uploaded << " of "
         << r.pushed->blobs << " blobs uploaded)\n";
  return text.str();
}

}  // namespace

int compose_command(const ComposeRequest& request, const Output& out) {
  TerminalProgress progress(out.verbosity, ::isatty(2) == 1);
  const ComposeResult result = compose(request, progress);
  out.result(result_json(result), result_text(result));
  if (result.reproducible && !result.reproducible->differences.empty())
    throw Error("not reproducible: " + result.reproducible->summary());
  return 0;
}

}  // namespace debimg
