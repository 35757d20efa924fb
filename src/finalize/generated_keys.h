#pragma once
// Secrets that maintainer scripts generate while the image is built (SSH
// host keys, ssl-cert's snakeoil key and certificate): in an image, every
// container of it would share them, and they change each build. Removed
// at the end of compose unless the profile keeps them
// (`image.keep-generated-keys: true`).
#include <string>
#include <vector>

namespace debimg {

// Removes them from the tree (resolved inside it), with the hash links
// that point at the snakeoil certificate; returns the removed paths
// ("/etc/ssh/ssh_host_ed25519_key", ...), sorted.
std::vector<std::string> remove_generated_keys(int root_fd);

}  // namespace debimg
