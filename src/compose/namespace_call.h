#pragma once
// run_in_namespace (configure/user_namespace.h) with a value coming back:
// the body runs in a forked process, so what it returns travels as JSON
// through a file in the cache's scratch area (a file: no size can block the
// writer). T needs nlohmann to_json/from_json.
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "configure/id_map.h"

namespace debimg {

nlohmann::json run_in_namespace_returning_json(const IdMap& ids, const std::filesystem::path& scratch,
                                               const std::function<nlohmann::json()>& body);

template <class T>
T run_in_namespace_returning(const IdMap& ids, const std::filesystem::path& scratch, const std::function<T()>& body) {
  return run_in_namespace_returning_json(ids, scratch, [&] { return nlohmann::json(body()); }).template get<T>();
}

}  // namespace debimg
