// run_in_namespace and fork_with_namespaces (configure/user_namespace.h):
// the body runs as root and PID 1 of new namespaces, its errors come back
// with their own words, and a failure to map ids stops the child. Needs
// user namespaces (and root for the identity map); skipped without them.
#include "configure/user_namespace.h"

#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "util/error.h"
#include "util/files.h"

using namespace debimg;

namespace {

// Whether this process may make a user namespace (tried in a child).
bool user_namespaces_work() {
  pid_t child = ::fork();
  if (child < 0) return false;
  if (child == 0) ::_exit(::unshare(CLONE_NEWUSER) == 0 ? 0 : 1);
  int status = 0;
  return ::waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool usable(const char* what) {
  if (::geteuid() == 0 && user_namespaces_work()) return true;
  BOOST_TEST_MESSAGE(std::string("skipped: ") + what + " needs root and user namespaces");
  return false;
}

IdMap identity() {
  IdMap m;
  m.identity = true;
  return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(user_namespace)

BOOST_AUTO_TEST_CASE(the_body_runs_as_root_and_pid_1) {
  if (!usable("run_in_namespace")) return;
  TempDir dir;
  const std::filesystem::path out = dir.path() / "seen";
  const mode_t old_umask = ::umask(0);  // the body's umask is its own
  run_in_namespace(identity(), [&] {
    const mode_t mask = ::umask(0);
    write_file_atomic(out, std::to_string(::getuid()) + " " + std::to_string(::getgid()) + " " +
                               std::to_string(::getpid()) + " " + std::to_string(mask));
  }, false);
  ::umask(old_umask);
  BOOST_TEST(read_file(out) == "0 0 1 " + std::to_string(022));
}

BOOST_AUTO_TEST_CASE(a_body_s_error_comes_back_with_its_words) {
  if (!usable("run_in_namespace")) return;
  BOOST_CHECK_EXCEPTION(run_in_namespace(identity(), [] { throw Error("the body refused: reason"); }, false), Error,
                        [](const Error& e) { return std::string(e.what()) == "the body refused: reason"; });
}

BOOST_AUTO_TEST_CASE(fork_with_namespaces_reports_each_side) {
  if (!usable("fork_with_namespaces")) return;
  auto map = [](pid_t child) { write_id_maps(child, "0 0 1\n", "0 0 1\n"); };
  // The child's own exit status.
  BOOST_TEST(fork_with_namespaces(CLONE_NEWUSER, "no namespace", map, [](const ChildFailure&) { ::_exit(7); }, false) == 7);
  // fail(message) comes back as an Error.
  BOOST_CHECK_EXCEPTION(fork_with_namespaces(CLONE_NEWUSER, "no namespace", map,
                                             [](const ChildFailure& fail) { fail("the child says no"); }, false),
                        Error, [](const Error& e) { return std::string(e.what()) == "the child says no"; });
  // When the ids cannot be mapped, the child never goes on and the mapper's error is the one told.
  TempDir dir;
  const std::filesystem::path ran = dir.path() / "ran";
  BOOST_CHECK_EXCEPTION(
      fork_with_namespaces(CLONE_NEWUSER, "no namespace", [](pid_t) { throw Error("cannot map: test"); },
                           [&](const ChildFailure&) { write_file_atomic(ran, "yes"); ::_exit(0); }, false),
      Error, [](const Error& e) { return std::string(e.what()) == "cannot map: test"; });
  BOOST_TEST(!std::filesystem::exists(ran));
}

BOOST_AUTO_TEST_SUITE_END()
