// configure/chroot_run.h: the environment maintainer scripts get, host-side
// programs with an environment of their own and their output in the log,
// and the log's tail a failure is reported with (dpkg's first error for dpkg).
#include "configure/chroot_run.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdlib>
#include <set>

#include "util/files.h"

using namespace debimg;

namespace {

struct Log {
  TempDir dir;
  std::filesystem::path path = dir.path() / "log";
  UniqueFd fd{::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600)};

  void write(const std::string& text) const { write_all(fd.get(), text.data(), text.size(), "the log"); }
  std::string text() const { return read_file(path); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(chroot_run)

BOOST_AUTO_TEST_CASE(maintainer_scripts_environment) {
  const std::vector<std::string> base{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                      "LC_ALL=C.UTF-8",
                                      "DEBIAN_FRONTEND=noninteractive",
                                      "DEBCONF_NONINTERACTIVE_SEEN=true",
                                      "DPKG_ADMINDIR=/var/lib/dpkg",
                                      "DPKG_ROOT=",
                                      "HOME=/root",
                                      "TERM=dumb"};
  BOOST_TEST(script_environment() == base, boost::test_tools::per_element());

  // Nothing of the caller's environment: it is built from scratch.
  ::setenv("DEBIMG_UNIT_LEAK", "1", 1);
  std::vector<std::string> env = script_environment({"DPKG_MAINTSCRIPT_PACKAGE=dash", "DPKG_MAINTSCRIPT_NAME=postinst"});
  ::unsetenv("DEBIMG_UNIT_LEAK");
  std::vector<std::string> expected = base;
  expected.insert(expected.end(), {"DPKG_MAINTSCRIPT_PACKAGE=dash", "DPKG_MAINTSCRIPT_NAME=postinst"});
  BOOST_TEST(env == expected, boost::test_tools::per_element());
  std::set<std::string> names;
  for (const auto& v : env) BOOST_TEST(names.insert(v.substr(0, v.find('='))).second, v);  // each variable once
}

BOOST_AUTO_TEST_CASE(a_program_gets_only_the_environment_it_is_given) {
  Log log;
  TempDir cwd;
  ::setenv("DEBIMG_UNIT_LEAK", "1", 1);
  int rc = run_program({"/usr/bin/env"}, {"A=1", "B=two words"}, log.fd.get(), cwd.path());
  ::unsetenv("DEBIMG_UNIT_LEAK");
  BOOST_TEST(rc == 0);
  BOOST_TEST(log.text() == "A=1\nB=two words\n");

  // Its folder, its stdin (/dev/null), stdout and stderr both into the log.
  rc = run_program({"/bin/sh", "-c", "pwd; cat; echo to-stderr >&2; exit 7"}, {}, log.fd.get(), cwd.path());
  BOOST_TEST(rc == 7);
  BOOST_TEST(log.text() == "A=1\nB=two words\n" + cwd.path().string() + "\nto-stderr\n");
}

BOOST_AUTO_TEST_CASE(exit_statuses) {
  Log log;
  BOOST_TEST(run_program({"/bin/sh", "-c", "kill -TERM $$"}, {}, log.fd.get()) == 128 + SIGTERM);
  BOOST_TEST(run_program({"/bin/sh", "-c", "exit 0"}, {}, log.fd.get(), "/nonexistent/folder") == 0);
  BOOST_TEST(run_program({"/nonexistent/program"}, {}, log.fd.get()) == 127);
  BOOST_TEST(log.text().find("cannot run /nonexistent/program: No such file or directory") != std::string::npos,
             log.text());
}

BOOST_AUTO_TEST_CASE(the_log_tail_is_the_last_program_s_last_lines) {
  Log log;
  log.write("an earlier program\nwrote this\n");
  const off_t since = log_end(log.fd.get());
  BOOST_TEST(since == 30);
  log.write("one\n");
  BOOST_TEST(log_tail(log.fd.get(), since) == "one");
  log.write("two\nthree\nfour\n\n");
  BOOST_TEST(log_tail(log.fd.get(), since) == "two three four");  // three lines, one line of text
  BOOST_TEST(log_tail(log.fd.get()) == "two three four");
  BOOST_TEST(log_tail(log.fd.get(), 1 << 20) == "two three four");  // past the end: the whole log

  // A long output: only its last 2000 bytes are read.
  const off_t long_start = log_end(log.fd.get());
  log.write(std::string(5000, 'x') + "\nlast words");
  const std::string tail = log_tail(log.fd.get(), long_start);
  BOOST_TEST(tail == std::string(2000 - 11, 'x') + " last words");
}

// What a hostile script prints cannot drive the user's terminal through the error message.
BOOST_AUTO_TEST_CASE(the_log_tail_carries_no_control_characters) {
  Log log;
  const off_t since = log_end(log.fd.get());
  log.write("fine\n\033]0;owned\007\033[2Jgone\rback\ttab\n");
  BOOST_TEST(log_tail(log.fd.get(), since) == "fine \\x1b]0;owned\\x07\\x1b[2Jgone\\x0dback\\x09tab");
}

// A program that failed without a word (`exit 1`): its tail is empty, not an
// exception (configure_tree, accounts and hooks build their errors from it).
BOOST_AUTO_TEST_CASE(a_silent_program_leaves_an_empty_tail) {
  Log log;
  log.write("an earlier program\n");
  const off_t since = log_end(log.fd.get());
  std::string tail = "(not read)";
  BOOST_CHECK_NO_THROW(tail = log_tail(log.fd.get(), since));
  BOOST_TEST(tail == "");
  log.write("\n\n");
  tail = "(not read)";
  BOOST_CHECK_NO_THROW(tail = log_tail(log.fd.get(), since));
  BOOST_TEST(tail == "");
}

// dpkg goes on after a failing postinst and ends with its summary: the
// error names the first failure and what that script said, not the summary.
BOOST_AUTO_TEST_CASE(a_dpkg_failure_is_the_first_package_s_error_and_its_script_s_words) {
  Log log;
  log.write("an earlier program\n");
  const off_t since = log_end(log.fd.get());
  log.write(
      "Setting up ok (1.0) ...\nok's own chatter\n"
      "Setting up fail (1.0) ...\none\ntwo\nthree\nfail: the widget is missing\n"
      "dpkg: error processing package fail (--configure):\n"
      " installed fail package post-installation script subprocess returned error exit status 1\n"
      "Setting up later (1.0) ...\nlater's chatter\n"
      "dpkg: error processing package later (--configure):\n dependency problems - leaving unconfigured\n"
      "Errors were encountered while processing:\n fail\n later\n");
  BOOST_TEST(dpkg_failure(log.fd.get(), since) ==
             "installed fail package post-installation script subprocess returned error exit status 1: "
             "two three fail: the widget is missing");
  BOOST_TEST(log_tail(log.fd.get(), since) == "Errors were encountered while processing:  fail  later");  // what it was
}

BOOST_AUTO_TEST_CASE(a_dpkg_failure_without_a_package_s_error_is_the_log_tail) {
  Log log;
  log.write("Setting up fail (1.0) ...\n");
  const off_t since = log_end(log.fd.get());
  log.write("dpkg: error: dpkg frontend lock was locked by another process\n");
  BOOST_TEST(dpkg_failure(log.fd.get(), since) == "dpkg: error: dpkg frontend lock was locked by another process");
  // A silent script, an error without its reason line, a script's control characters.
  const off_t silent = log_end(log.fd.get());
  log.write("Setting up quiet (1.0) ...\ndpkg: error processing package quiet (--configure):\n");
  BOOST_TEST(dpkg_failure(log.fd.get(), silent) == "error processing package quiet (--configure)");
  const off_t hostile = log_end(log.fd.get());
  log.write("Setting up h (1.0) ...\n\033[2J" + std::string(5000, 'x') +
            "\ndpkg: error processing package h (--configure):\n  \n");
  BOOST_TEST(dpkg_failure(log.fd.get(), hostile) == "error processing package h (--configure): \\x1b[2J" + std::string(496, 'x'));
}

BOOST_AUTO_TEST_SUITE_END()
