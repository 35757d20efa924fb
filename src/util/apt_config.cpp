#include "util/apt_config.h"

#include <apt-pkg/error.h>

namespace debimg {

ScopedAptConfig::ScopedAptConfig() : saved_(_config), own_(std::make_unique<Configuration>()) {
  _config = own_.get();
  _error->Discard();
}

ScopedAptConfig::~ScopedAptConfig() {
  _config = saved_;
  _error->Discard();
}

std::string apt_errors() {
  std::string all;
  while (!_error->empty()) {
    std::string message;
    bool is_error = _error->PopMessage(message);
    if (is_error) all += (all.empty() ? "" : "; ") + message;
  }
  return all.empty() ? "unknown apt error" : all;
}

}  // namespace debimg
