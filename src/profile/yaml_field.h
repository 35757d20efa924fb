#pragma once
// Strict, typed access to a YAML node that knows where it stands: every
// mistake becomes an InputError naming file:line:col and the field's path.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace debimg {

class YamlField {
 public:
  // `key_mark` locates the key a value was written under: an empty value
  // (`packages:`) has no position of its own worth showing.
  YamlField(YAML::Node node, std::string path, const std::string* file, YAML::Mark key_mark = YAML::Mark::null_mark())
      : node_(std::move(node)), path_(std::move(path)), file_(file), key_mark_(key_mark) {}

  const std::string& path() const { return path_; }
  Location location() const;
  [[noreturn]] void fail(const std::string& message) const;

  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_null() const { return node_.IsNull(); }

  std::string string() const;  // a non-empty scalar
  bool boolean() const;        // true or false, nothing looser
  unsigned number(unsigned min, unsigned max) const;
  std::string one_of(const std::vector<std::string>& allowed) const;
  std::vector<std::string> strings() const;  // a list of non-empty scalars
  std::vector<std::string> string_or_strings() const;
  std::map<std::string, std::string> string_map() const;
  std::vector<YamlField> items() const;  // the entries of a list

 private:
  friend class YamlMap;
  [[noreturn]] void wrong_type(const std::string& expected) const;
  YAML::Node node_;
  std::string path_;
  const std::string* file_;
  YAML::Mark key_mark_;
};

// A YAML mapping whose keys must all be in `known`; duplicates are refused too.
class YamlMap {
 public:
  YamlMap(const YamlField& field, std::vector<std::string> known);

  std::optional<YamlField> get(const std::string& key) const;
  YamlField require(const std::string& key) const;
  const YamlField& self() const { return self_; }

 private:
  YamlField self_;
  std::map<std::string, YamlField> entries_;
};

}  // namespace debimg
