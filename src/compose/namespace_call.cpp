#include "compose/namespace_call.h"

#include <fcntl.h>
#include <unistd.h>

#include "configure/user_namespace.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

namespace debimg {

nlohmann::json run_in_namespace_returning_json(const IdMap& ids, const std::filesystem::path& scratch,
                                               const std::function<nlohmann::json()>& body) {
  TempDir dir(scratch, "result-");
  const std::filesystem::path file = dir.path() / "result.json";
  UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd) throw Error("cannot create " + file.string() + ": " + errno_text(errno));
  run_in_namespace(ids, [&] {
    const std::string text = body().dump();
    write_all(fd.get(), text.data(), text.size(), file.string());
  });
  const std::string text = read_file(file);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw Error("the build namespace returned no result (" + file.string() + " is not JSON)");
  }
}

}  // namespace debimg
