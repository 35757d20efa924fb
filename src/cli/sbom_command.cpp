// `debimg sbom IMAGE|LOCK`: an SPDX 2.3 or CycloneDX 1.5 document of an
// image's packages, or of what a lock puts in one.
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "export/oci_platform.h"
#include "lock/lockfile.h"
#include "sbom/cyclonedx_document.h"
#include "sbom/image_sbom.h"
#include "sbom/lock_sbom.h"
#include "sbom/spdx_document.h"
#include "util/error.h"
#include "util/files.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

// A lock starts with its format line; anything else that is not a folder is taken for an oci-archive.
bool is_lockfile(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string() + ": cannot read it");
  char head[13] = {};
  in.read(head, sizeof head);
  return std::string(head, static_cast<size_t>(in.gcount())) == "Lock-Version:";
}

Lockfile read_lock(const std::string& path) { return parse_lockfile(read_file(path), path); }

}  // namespace

int sbom_command(const SbomCommand& cmd, const Output&) {
  if (cmd.format != "spdx" && cmd.format != "cyclonedx")
    throw Error("sbom: --format " + cmd.format + " is not one of: spdx, cyclonedx");
  SbomInput input;
  if (is_lockfile(cmd.input)) {
    if (!cmd.lock.empty() || !cmd.name.empty())
      throw Error("sbom: --lock and --name go with an image; " + cmd.input + " is a lock");
    const Lockfile lock = read_lock(cmd.input);
    LockSbomOptions options;
    options.lock_name = cmd.input;
    if (!cmd.platform.empty()) options.architecture = architecture_of_platform(cmd.platform, lock.architectures, "--platform");
    else if (lock.architectures.size() > 1)
      throw Error("sbom: " + cmd.input + " locks " + std::to_string(lock.architectures.size()) +
                  " architectures: pick one with --platform (for example --platform " +
                  oci_platform(lock.architectures.front()).str() + ")");
    fs::path profile = cmd.input;
    profile.replace_extension(".yaml");
    options.compose_hint = "run `debimg compose " + profile.string() + " --until fetch` first" +
                           (cmd.cache_dir.empty() ? "" : " (with --cache-dir " + cmd.cache_dir + ")");
    input = sbom_from_lock(lock, Cache(cmd.cache_dir), options);
  } else {
    ImageSbomOptions options;
    options.name = cmd.name;
    options.platform = cmd.platform;
    if (!cmd.lock.empty()) options.lock = read_lock(cmd.lock);
    input = sbom_from_image(cmd.input, options);
  }
  input.tool_version = DEBIMG_VERSION;
  const std::string document = cmd.format == "spdx" ? spdx_document(input) : cyclonedx_document(input);
  if (cmd.output.empty())
    std::cout << document << std::flush;
  else
    write_file_atomic(cmd.output, document);
  return 0;
}

}  // namespace debimg
