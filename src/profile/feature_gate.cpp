#include "profile/feature_gate.h"

namespace debimg {

namespace {
[[noreturn]] void not_yet(const Profile& p, const std::string& field, const std::string& what) {
  throw InputError(p.where(field), field, what + " is not supported yet");
}
}  // namespace

void require_built_features(const Profile& p) {
  const Hooks& h = p.hooks;
  // Of the stage hooks, `essential` runs (the configure stage has its pause).
  if (!h.setup.empty()) not_yet(p, "hooks.setup", "the setup stage hook");
  if (!h.extract.empty()) not_yet(p, "hooks.extract", "the extract stage hook");
  if (!h.customize.empty()) not_yet(p, "hooks.customize", "the customize stage hook");
  if (!p.accounts.groups.empty() || !p.accounts.users.empty()) not_yet(p, "accounts", "creating accounts");
  if (!p.slim.empty()) not_yet(p, "slim", "slimming");
}

}  // namespace debimg
