#include "profile/feature_gate.h"

namespace debimg {

namespace {
[[noreturn]] void not_yet(const Profile& p, const std::string& field, const std::string& what) {
  throw InputError(p.where(field), field, what + " is not supported yet");
}
}  // namespace

void require_built_features(const Profile& p) {
  const Hooks& h = p.hooks;
  if (!h.setup.empty() || !h.extract.empty() || !h.essential.empty() || !h.customize.empty())
    not_yet(p, "hooks", "running stage hooks");
  if (!p.accounts.groups.empty() || !p.accounts.users.empty()) not_yet(p, "accounts", "creating accounts");
  if (!p.slim.empty()) not_yet(p, "slim", "slimming");
}

}  // namespace debimg
