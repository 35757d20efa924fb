#include "export/layer_groups.h"

#include <algorithm>

#include "util/sha256.h"

namespace debimg {

namespace {

// A stable spread of names over `count` groups: the first 8 bytes of the
// name's SHA-256 (std::hash may differ between builds).
size_t group_of(const std::string& name, size_t count) {
  const std::string hex = sha256_hex(name);
  return static_cast<size_t>(std::stoull(hex.substr(0, 16), nullptr, 16) % count);
}

void spread(const std::vector<std::string>& names, size_t count, std::vector<std::vector<std::string>>& out) {
  std::vector<std::vector<std::string>> groups(count);
  for (const auto& n : names) groups[group_of(n, count)].push_back(n);
  for (auto& g : groups) {
    if (g.empty()) continue;
    std::sort(g.begin(), g.end());
    out.push_back(std::move(g));
  }
}

// The arch-specific packages' groups (see group_packages).
void group_by_kind(const std::vector<std::string>& essential, const std::vector<std::string>& others, unsigned layers,
                   std::vector<std::vector<std::string>>& out) {
  if (layers <= 1 || essential.empty() || others.empty()) {
    std::vector<std::string> all = essential;
    all.insert(all.end(), others.begin(), others.end());
    spread(all, std::max(1u, layers), out);
    return;
  }
  const size_t essential_layers = std::clamp<size_t>(layers - layers / 3, 1, layers - 1);
  spread(essential, essential_layers, out);
  spread(others, layers - essential_layers, out);
}

}  // namespace

std::vector<std::vector<std::string>> group_packages(const std::vector<std::string>& essential,
                                                     const std::vector<std::string>& others,
                                                     const std::vector<std::string>& shared, unsigned layers) {
  std::vector<std::vector<std::string>> out;
  const bool specific = !essential.empty() || !others.empty();
  if (shared.empty() || !specific || layers < 2) {
    std::vector<std::string> rest = others;
    rest.insert(rest.end(), shared.begin(), shared.end());
    group_by_kind(essential, rest, layers, out);
    return out;
  }
  const unsigned shared_layers = layers < 3 ? 1 : std::max(1u, layers / 4);
  group_by_kind(essential, others, layers - shared_layers, out);
  spread(shared, shared_layers, out);
  return out;
}

}  // namespace debimg
