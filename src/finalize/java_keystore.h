#pragma once
// Java keystores (JKS) that maintainer scripts make, such as
// ca-certificates-java's /etc/ssl/certs/java/cacerts, record when each entry
// was added: the wall clock of the build. Their dates are pinned to
// SOURCE_DATE_EPOCH, and the trailer (a SHA-1 keyed with the store's
// password) made again, so the same lock gives the same bytes.
#include <cstdint>
#include <optional>
#include <string>

namespace debimg {

// `store` with every entry's date at `epoch_ms`, or nullopt when it is not a
// JKS store whose trailer matches `password` (it is left as it is then).
// Reads `store` as hostile: every length is checked against what remains.
std::optional<std::string> jks_with_dates(const std::string& store, int64_t epoch_ms, const std::string& password);

// The keystores debimg knows (ca-certificates-java's, password "changeit"),
// rewritten in place inside the tree; returns how many were.
int pin_java_keystores(int root_fd, int64_t source_date_epoch);

}  // namespace debimg
