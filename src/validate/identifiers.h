#pragma once
// Checks for the identifiers debimg reads from files it does not trust
// (lockfiles, Release and Packages indexes, cache state, registry answers):
// hashes, digests, Debian names, versions and paths. A value that passes can
// become part of a path or a URL; nothing else should.
//
// is_*() answer; require_*() throw Error "WHERE: 'VALUE' is not …", WHERE
// naming the file, the stanza and the field (e.g. "p.lock:12: stanza 3
// (package app): SHA256"), VALUE escaped to one printable line.
#include <string>
#include <string_view>
#include <vector>

namespace debimg {

// ^[0-9a-f]{64}$: what debimg writes and compares; also what names a cache blob.
bool is_sha256(std::string_view value);
// An OCI digest, `algorithm:encoded` by the image spec's grammar; the
// registered algorithms (sha256, sha512) must also have their encoding.
bool is_oci_digest(std::string_view value);
// "sha256:" and is_sha256: the only digests debimg makes or pushes.
bool is_sha256_digest(std::string_view value);
// Debian policy 5.6.1: ^[a-z0-9][a-z0-9+.-]+$.
bool is_package_name(std::string_view value);
// deb-version(7): [epoch:]upstream[-revision]; epoch digits, upstream starts
// with a digit and holds alphanumerics and . + ~ - (a hyphen only before a
// revision), the revision alphanumerics and . + ~.
bool is_version(std::string_view value);
// dpkg's architecture names, and `all`.
bool is_architecture(std::string_view value);
const std::vector<std::string_view>& known_architectures();
// A path below an archive root (pool/main/a/app/app_1.0_amd64.deb) or a
// suite's dists/ folder: relative, printable ASCII without space, '\', '%',
// '?' or '#', no empty, `.` or `..` component.
bool is_pool_path(std::string_view value);
// Suite and component names: ^[A-Za-z0-9][A-Za-z0-9._+/-]*$ without empty,
// `.` or `..` components.
bool is_suite_name(std::string_view value);
bool is_component_name(std::string_view value);
// An OpenPGP fingerprint as GPGME gives it: 40 (v4) or 64 (v5, v6) uppercase hex digits.
bool is_openpgp_fingerprint(std::string_view value);
// One line of text (Origin, Label, a profile name): no control characters; may be empty.
bool is_field_text(std::string_view value);

void require_sha256(std::string_view value, const std::string& where);
void require_sha256_digest(std::string_view value, const std::string& where);
void require_oci_digest(std::string_view value, const std::string& where);
void require_package_name(std::string_view value, const std::string& where);
void require_version(std::string_view value, const std::string& where);
void require_architecture(std::string_view value, const std::string& where);
void require_pool_path(std::string_view value, const std::string& where);
void require_suite_name(std::string_view value, const std::string& where);
void require_component_name(std::string_view value, const std::string& where);
void require_openpgp_fingerprint(std::string_view value, const std::string& where);
void require_field_text(std::string_view value, const std::string& where);

// `value` for a one-line message: quoted, non-printable bytes as \xNN, long ones cut.
std::string quoted_value(std::string_view value);

}  // namespace debimg
