// require_runnable (configure/foreign_architecture.h) against binfmt_misc
// folders made by the test: each way an emulator can be missing gets its
// own one-line advice; the host's architecture and i386 on amd64 need none.
#include "configure/foreign_architecture.h"

#include <boost/test/unit_test.hpp>

#include "util/error.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

bool says(const std::string& arch, const fs::path& binfmt, const std::string& words) {
  try {
    require_runnable(arch, "amd64", binfmt);
  } catch (const Error& e) {
    const std::string m = e.what();
    BOOST_TEST_INFO("message: " << m);
    return m.find(words) != std::string::npos && m.find('\n') == std::string::npos;
  }
  return false;
}

const std::string kEntry = "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POCF\noffset 0\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(foreign_architecture)

BOOST_AUTO_TEST_CASE(native_architectures_need_nothing) {
  TempDir none;  // not even a status file
  BOOST_CHECK_NO_THROW(require_runnable("amd64", "amd64", none.path()));
  BOOST_CHECK_NO_THROW(require_runnable("i386", "amd64", none.path()));
  BOOST_TEST(qemu_cpu("arm64") == "aarch64");
  BOOST_TEST(qemu_cpu("ppc64el") == "ppc64le");
  BOOST_TEST(qemu_cpu("hurd-i386").empty());
}

BOOST_AUTO_TEST_CASE(each_missing_piece_is_named) {
  TempDir b;
  BOOST_TEST(says("arm64", b.path(), "binfmt_misc is not mounted (mount -t binfmt_misc binfmt_misc "));
  write_file_atomic(b.path() / "status", "disabled\n");
  BOOST_TEST(says("arm64", b.path(), "binfmt_misc is disabled (echo 1 > "));
  write_file_atomic(b.path() / "status", "enabled\n");
  BOOST_TEST(says("arm64", b.path(), "no binfmt_misc entry qemu-aarch64: install qemu-user-static and binfmt-support"));
  write_file_atomic(b.path() / "qemu-aarch64", "disabled\nflags: POCF\n");
  BOOST_TEST(says("arm64", b.path(), "its binfmt_misc entry is disabled (echo 1 > "));
  write_file_atomic(b.path() / "qemu-aarch64", "enabled\nflags: POC\n");
  BOOST_TEST(says("arm64", b.path(), "lacks the F flag"));
  write_file_atomic(b.path() / "qemu-aarch64", kEntry);
  BOOST_CHECK_NO_THROW(require_runnable("arm64", "amd64", b.path()));
  BOOST_TEST(says("armhf", b.path(), "no binfmt_misc entry qemu-arm:"));  // another emulator
  BOOST_TEST(says("hurd-i386", b.path(), "qemu-user has no emulator for it"));
}

BOOST_AUTO_TEST_SUITE_END()
