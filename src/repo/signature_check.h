#pragma once
// Verifies a clearsigned InRelease with GPGME against given keyrings only,
// in a private GnuPG home that is removed afterwards (no agent survives).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace debimg {

struct VerifiedText {
  std::string text;                       // the signed content, to be parsed only now
  std::vector<std::string> fingerprints;  // of the keys whose signatures were accepted
};

// `keyrings`: binary or armored keyring files, or inline armored keys.
// `scratch`: where the temporary GnuPG home is made (inside the cache).
// `what` names the file in errors (its URL). Throws Error on anything but a
// good signature by a key from `keyrings`, unexpired and unrevoked, made
// with a hash apt accepts (not MD5, not SHA1).
VerifiedText verify_clearsigned(const std::string& clearsigned, const std::vector<std::string>& keyrings,
                                const std::filesystem::path& scratch, const std::string& what);

// Fingerprints of the primary keys in `keyrings`, sorted: the lockfile keeps
// them so that a changed keyring makes the lock stale.
std::vector<std::string> keyring_fingerprints(const std::vector<std::string>& keyrings,
                                              const std::filesystem::path& scratch);

// The first line of a clearsigned message.
inline constexpr std::string_view kSignedHeader = "-----BEGIN PGP SIGNED MESSAGE-----";

// The text of a clearsigned message without checking anything: for
// `trusted: true` sources only.
std::string unverified_clearsigned_text(const std::string& clearsigned, const std::string& what);

}  // namespace debimg
