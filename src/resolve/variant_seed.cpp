#include "resolve/variant_seed.h"

namespace debimg {

std::string seed_reason(Variant variant, const std::string& name, bool essential, const std::string& priority) {
  if (variant == Variant::custom) return "";
  if (essential) return "Essential: yes";
  if (variant == Variant::apt) return name == "apt" ? "variant apt" : "";
  if (variant == Variant::essential) return "";
  if (priority == "required") return "Priority: required";
  if (variant == Variant::important && priority == "important") return "Priority: important";
  return "";
}

}  // namespace debimg
