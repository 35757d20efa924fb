#pragma once
// Where command results go: human text, or one JSON document with --json;
// and how much progress to show (--quiet, --verbose).
#include <nlohmann/json.hpp>
#include <string>

namespace debimg {

enum class Verbosity { quiet, normal, verbose };

struct Output {
  bool json = false;
  Verbosity verbosity = Verbosity::normal;
  // Prints `result` as JSON when --json is on, else `text` as it is.
  void result(const nlohmann::json& result, const std::string& text) const;
};

}  // namespace debimg
