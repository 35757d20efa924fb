#include "profile/yaml_field.h"

#include <charconv>
#include <set>

#include "util/spelling.h"

namespace debimg {

namespace {

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    default: return "an undefined value";
  }
}

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

}  // namespace

Location YamlField::location() const {
  YAML::Mark mark = node_.Mark();
  if (node_.IsNull() || mark.is_null()) mark = key_mark_;
  if (mark.is_null()) return Location{*file_, 0, 0};
  return Location{*file_, mark.line + 1, mark.column + 1};
}

void YamlField::fail(const std::string& message) const {
  throw InputError(location(), path_.empty() ? std::string("(top level)") : path_, message);
}

void YamlField::wrong_type(const std::string& expected) const {
  fail("expected " + expected + ", got " + describe(node_));
}

std::string YamlField::string() const {
  if (!node_.IsScalar()) wrong_type("a string");
  if (node_.Scalar().empty()) fail("must not be empty");
  return node_.Scalar();
}

bool YamlField::boolean() const {
  if (node_.IsScalar() && node_.Tag() != "!") {  // "!" marks a quoted scalar
    const std::string& s = node_.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  wrong_type("true or false");
}

unsigned YamlField::number(unsigned min, unsigned max) const {
  if (!node_.IsScalar() || node_.Tag() == "!") wrong_type("a whole number");
  const std::string& s = node_.Scalar();
  unsigned long long value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) wrong_type("a whole number");
  if (value < min || value > max)
    fail("must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + s);
  return static_cast<unsigned>(value);
}

std::string YamlField::one_of(const std::vector<std::string>& allowed) const {
  std::string value = string();
  for (const auto& a : allowed)
    if (a == value) return value;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  fail("'" + value + "' is not one of " + list + did_you_mean(value, allowed));
}

std::vector<YamlField> YamlField::items() const {
  if (!node_.IsSequence()) wrong_type("a list");
  std::vector<YamlField> out;
  size_t i = 0;
  for (const auto& item : node_) out.emplace_back(item, path_ + "[" + std::to_string(i++) + "]", file_);
  return out;
}

std::vector<std::string> YamlField::strings() const {
  std::vector<std::string> out;
  for (const auto& item : items()) out.push_back(item.string());
  return out;
}

std::vector<std::string> YamlField::string_or_strings() const {
  if (node_.IsScalar()) return {string()};
  if (!node_.IsSequence()) wrong_type("a string or a list of strings");
  return strings();
}

std::map<std::string, std::string> YamlField::string_map() const {
  if (!node_.IsMap()) wrong_type("a mapping of strings");
  std::map<std::string, std::string> out;
  for (const auto& kv : node_) {
    YamlField key(kv.first, path_, file_);
    std::string k = key.string();
    YamlField value(kv.second, child_path(path_, k), file_);
    if (!kv.second.IsScalar()) value.wrong_type("a string");
    if (!out.emplace(k, kv.second.Scalar()).second) key.fail("'" + k + "' is given twice");
  }
  return out;
}

YamlMap::YamlMap(const YamlField& field, std::vector<std::string> known) : self_(field) {
  if (!field.node_.IsMap()) field.wrong_type("a mapping");
  for (const auto& kv : field.node_) {
    YamlField key(kv.first, field.path_, field.file_);
    std::string k = key.string();
    std::string path = child_path(field.path_, k);
    bool is_known = false;
    for (const auto& name : known) is_known = is_known || name == k;
    if (!is_known) {
      YamlField at(kv.first, path, field.file_);
      at.fail("unknown key '" + k + "'" + did_you_mean(k, known));
    }
    if (entries_.count(k)) YamlField(kv.first, path, field.file_).fail("'" + k + "' is given twice");
    entries_.emplace(k, YamlField(kv.second, path, field.file_, kv.first.Mark()));
  }
}

std::optional<YamlField> YamlMap::get(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

YamlField YamlMap::require(const std::string& key) const {
  auto field = get(key);
  if (!field) throw InputError(self_.location(), child_path(self_.path(), key), "is required but missing");
  return *field;
}

}  // namespace debimg
