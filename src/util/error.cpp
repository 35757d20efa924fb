#include "util/error.h"

namespace debimg {

std::string Location::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace {
std::string format(const Location& where, const std::string& field, const std::string& message) {
  std::string out = where.str() + ": ";
  if (!field.empty()) out += field + ": ";
  return out + message;
}
}  // namespace

InputError::InputError(const Location& where, const std::string& field, const std::string& message)
    : Error(format(where, field, message)), where_(where), field_(field) {}

}  // namespace debimg
