#pragma once
// The image's own apt sources (by default the sources it was built
// from, unless image.apt-sources says otherwise): one deb822 file with
// Signed-By, the keyrings copied into the image when it does not already
// hold the same file at the same path.
#include <vector>

#include "profile/archive_suite.h"
#include "profile/profile.h"
#include "unpack/file_table.h"
#include "unpack/tree_writer.h"

namespace debimg {

void write_image_apt_sources(TreeWriter& tree, FileTable& table, const Profile& profile,
                             const std::vector<ArchiveSuite>& suites);

}  // namespace debimg
