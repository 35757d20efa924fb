// `debimg push OUT REF`: an OCI layout or oci-archive to a registry.
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "push/image_push.h"

namespace debimg {

int push_command(const PushCommand& cmd, const Output& out) {
  const RegistryRef ref = parse_registry_ref(cmd.ref);
  Cache cache(cmd.cache_dir);
  const bool terminal = ::isatty(2);
  PushResult r = push_image(cmd.image, ref, cmd.registry, cache, [&](const std::string& what) {
    if (terminal) std::cerr << "push: " << what << "\n";
  });
  std::ostringstream text;
  text << "pushed " << ref.str() << "@" << r.digest << " (";
  if (r.index) text << "an index of " << r.manifests << " manifests; ";
  text << r.uploaded << " of " << r.blobs
       << " blobs uploaded, " << r.uploaded_bytes << " bytes; " << r.present << " present, " << r.mounted << " mounted)\n";
  if (r.referrers)
    text << r.referrers << " artifacts (SBOMs) pushed"
         << (r.fallback_tags ? ", listed under the referrers fallback tag (the registry has no referrers API)" : "") << "\n";
  out.result({{"reference", ref.str()},
              {"digest", r.digest},
              {"index", r.index},
              {"manifests", r.manifests},
              {"blobs", r.blobs},
              {"uploaded", r.uploaded},
              {"uploaded-bytes", r.uploaded_bytes},
              {"present", r.present},
              {"mounted", r.mounted},
              {"referrers", r.referrers},
              {"fallback-tags", r.fallback_tags}},
             text.str());
  return 0;
}

}  // namespace debimg
