#include "cli/output.h"

#include <iostream>

namespace debimg {

void Output::result(const nlohmann::json& result, const std::string& text) const {
  if (json)
    std::cout << result.dump(2) << '\n';
  else
    std::cout << text;
  std::cout.flush();
}

}  // namespace debimg
