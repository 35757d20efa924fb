#pragma once
// libapt-pkg keeps its settings and errors in globals (_config, _error).
// ScopedAptConfig gives it a fresh, private configuration for a scope, so
// the host's apt.conf never leaks in and one stage's settings never leak
// into the next; apt_errors() turns apt's error stack into one line.
#include <apt-pkg/configuration.h>

#include <memory>
#include <string>

namespace debimg {

class ScopedAptConfig {
 public:
  ScopedAptConfig();
  ~ScopedAptConfig();
  ScopedAptConfig(const ScopedAptConfig&) = delete;
  ScopedAptConfig& operator=(const ScopedAptConfig&) = delete;
  Configuration& config() { return *own_; }

 private:
  Configuration* saved_;
  std::unique_ptr<Configuration> own_;
};

// Pops every message on apt's error stack; the errors joined with "; ".
std::string apt_errors();

}  // namespace debimg
