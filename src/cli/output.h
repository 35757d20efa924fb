#pragma once
// Where command results go: human text, or one JSON document with --json.
#include <nlohmann/json.hpp>
#include <string>

namespace debimg {

struct Output {
  bool json = false;
  // Prints `result` as JSON when --json is on, else `text` as it is.
  void result(const nlohmann::json& result, const std::string& text) const;
};

}  // namespace debimg
