#include "compose/output_strategy.h"

namespace debimg {

std::unique_ptr<OutputStrategy> make_output_strategy(const OutputSetup& setup) {
  switch (setup.format) {
    case OutputFormat::dir: return dir_output(setup);
    case OutputFormat::rootfs_tar: return rootfs_tar_output(setup);
    case OutputFormat::oci:
    case OutputFormat::oci_archive:
    case OutputFormat::docker_archive: return oci_output(setup);
  }
  return oci_output(setup);
}

}  // namespace debimg
