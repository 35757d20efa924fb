#pragma once
// The one exception type debimg throws for anything a user can act on.
// The CLI prints what() as a single line on stderr and exits non-zero.
#include <stdexcept>
#include <string>

namespace debimg {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Where in a user's file something went wrong (1-based line and column).
struct Location {
  std::string file;
  int line = 0;
  int column = 0;

  std::string str() const;  // "file:line:col", or just "file" when unknown
};

// An error in a file the user wrote: "file:line:col: field: message".
class InputError : public Error {
 public:
  InputError(const Location& where, const std::string& field, const std::string& message);
  const Location& where() const { return where_; }
  const std::string& field() const { return field_; }

 private:
  Location where_;
  std::string field_;
};

}  // namespace debimg
