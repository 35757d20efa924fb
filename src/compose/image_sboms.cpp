#include "compose/image_sboms.h"

#include "export/image_names.h"
#include "export/sbom_artifact.h"
#include "sbom/cyclonedx_document.h"
#include "sbom/image_sbom.h"
#include "sbom/spdx_document.h"

namespace debimg {

std::string sbom_image_name(const Profile& profile) {
  std::string name = split_image_tag(profile.image.tag).repository;
  if (const size_t slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
  return name.empty() ? profile.name : name;
}

std::map<std::string, std::string> image_sbom_documents(const std::filesystem::path& layout, const Profile& profile,
                                                        const Lockfile& lock) {
  std::map<std::string, std::string> out;
  if (profile.image.sbom.empty()) return out;
  SbomInput input = sbom_from_image(layout, ImageSbomOptions{sbom_image_name(profile), "", lock});
  input.tool_version = DEBIMG_VERSION;
  for (const std::string& format : profile.image.sbom)
    out[format] = format == "cyclonedx" ? cyclonedx_document(input) : spdx_document(input);
  return out;
}

std::map<std::string, std::string> attach_image_sboms(const std::filesystem::path& layout, const Profile& profile,
                                                      const Lockfile& lock, int64_t source_date_epoch) {
  std::map<std::string, std::string> out;
  for (const auto& [format, document] : image_sbom_documents(layout, profile, lock))
    out[format] = attach_sbom(layout, SbomArtifact{sbom_media_type(format), document}, source_date_epoch);
  return out;
}

}  // namespace debimg
