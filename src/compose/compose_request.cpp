#include "compose/compose_request.h"

#include <array>
#include <utility>

#include "util/error.h"

namespace debimg {

namespace {

constexpr std::array<std::pair<OutputFormat, const char*>, 5> kFormats{{{OutputFormat::oci, "oci"},
                                                                        {OutputFormat::oci_archive, "oci-archive"},
                                                                        {OutputFormat::docker_archive, "docker-archive"},
                                                                        {OutputFormat::rootfs_tar, "rootfs-tar"},
                                                                        {OutputFormat::dir, "dir"}}};

}  // namespace

OutputFormat parse_output_format(const std::string& text) {
  for (const auto& [format, name] : kFormats)
    if (text == name) return format;
  throw Error("--format: '" + text + "' is not one of oci, oci-archive, docker-archive, rootfs-tar, dir");
}

std::string to_string(OutputFormat format) {
  for (const auto& [f, name] : kFormats)
    if (f == format) return name;
  return "?";
}

bool makes_image(OutputFormat format) {
  return format == OutputFormat::oci || format == OutputFormat::oci_archive || format == OutputFormat::docker_archive;
}

bool is_file_output(OutputFormat format) { return format != OutputFormat::oci && format != OutputFormat::dir; }

bool holds_platforms(OutputFormat format) { return format == OutputFormat::oci || format == OutputFormat::oci_archive; }

StopAfter parse_stop_after(const std::string& text) {
  if (text == "fetch") return StopAfter::fetch;
  if (text == "unpack") return StopAfter::unpack;
  throw Error("--until: '" + text + "' is not one of fetch, unpack");
}

void ComposeRequest::check() const {
  if (push && format != OutputFormat::oci && format != OutputFormat::oci_archive)
    throw Error("--push: the image must be --format oci or oci-archive, not " + to_string(format));
  if (stop_after == StopAfter::unpack && format != OutputFormat::dir)
    throw Error("--until unpack writes the unpacked tree: use --format dir");
  if (check_reproducible && stop_after != StopAfter::everything)
    throw Error("--check-reproducible compares finished trees: it cannot stop --until " +
                std::string(stop_after == StopAfter::fetch ? "fetch" : "unpack"));
}

}  // namespace debimg
