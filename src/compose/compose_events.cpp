#include "compose/compose_events.h"

namespace debimg {

std::string to_string(Stage stage) {
  switch (stage) {
    case Stage::lock: return "lock";
    case Stage::fetch: return "fetch";
    case Stage::hooks: return "hooks";
    case Stage::unpack: return "unpack";
    case Stage::layers: return "layers";
    case Stage::configure: return "configure";
    case Stage::accounts: return "accounts";
    case Stage::finalize: return "finalize";
    case Stage::export_image: return "export";
    case Stage::push: return "push";
    case Stage::recheck: return "recheck";
  }
  return "?";
}

}  // namespace debimg
