#include "configure/setup_progress.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "util/fd.h"
#include "util/files.h"

using namespace debimg;

BOOST_AUTO_TEST_SUITE(setup_progress)

// dpkg's "Setting up" lines count; what a script prints that looks like one
// but names no package (an escape sequence, a path) does not.
BOOST_AUTO_TEST_CASE(only_package_names_count_as_set_up) {
  TempDir dir;
  UniqueFd log(::open((dir.path() / "log").c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  BOOST_REQUIRE(log);
  const std::string before = "Setting up earlier (1) ...\n";
  write_all(log.get(), before.data(), before.size(), "log");
  const std::string text =
      "Unpacking x ...\nSetting up libc6:amd64 (2.36-9) ...\nSetting up \033[2J\033]0;owned (1) ...\n"
      "Setting up ../../x (1) ...\nSetting up libc6:evil/arch (1) ...\nSetting up apt (2.6.1) ...\nSetting up tail";
  write_all(log.get(), text.data(), text.size(), "log");
  SetupProgress watch(log.get(), static_cast<off_t>(before.size()), 3, 10, {});
  BOOST_TEST(watch.finish() == 5u);  // 3 before, libc6:amd64 and apt; the unended last line not yet
}

BOOST_AUTO_TEST_SUITE_END()
