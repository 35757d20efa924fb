// The profile's host-side hooks (finalize/hooks.h): what they are given
// ($1, DEBIMG_*, the profile's folder, an environment of their own), their
// order, and a failure's report. And create_accounts' checks before it runs
// anything. Hooks and tools that run in the sandbox need debimg itself as
// the sandbox's helper: the integration tests cover those.
#include "finalize/hooks.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <set>
#include <sstream>

#include "finalize/accounts.h"
#include "tree_fixture.h"
#include "util/error.h"

using namespace debimg;
using debimg::test::TreeFixture;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct HookFixture : TreeFixture {
  std::filesystem::path folder = work.path() / "profile";
  UniqueFd log{::open((work.path() / "compose.log").c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600)};
  Sandbox sandbox{tree, IdMap{}, log.get()};
  Profile profile;
  HookContext context;

  HookFixture() {
    std::filesystem::create_directories(folder);
    profile.file = folder / "profile.yaml";
    context.sandbox = &sandbox;
    context.profile = &profile;
    context.suite = "stable";
    context.architecture = "amd64";
    context.source_date_epoch = 1700000000;
    context.log_name = "compose.log";
  }

  static Hook shell(const std::string& run, bool chroot = false) {
    Hook h;
    h.run = run;
    h.chroot = chroot;
    return h;
  }

  std::string refusal(const std::string& stage, const std::vector<Hook>& hooks) const {
    try {
      run_hooks(stage, hooks, context);
    } catch (const Error& e) {
      return e.what();
    }
    BOOST_ERROR("the hooks ran without an error");
    return "";
  }
};

// The names of an `env` listing.
std::set<std::string> variable_names(const std::string& env) {
  std::set<std::string> out;
  std::istringstream lines(env);
  for (std::string line; std::getline(lines, line);) out.insert(line.substr(0, line.find('=')));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hooks)

BOOST_FIXTURE_TEST_CASE(a_host_side_hook_gets_the_tree_and_its_environment, HookFixture) {
  ::setenv("DEBIMG_UNIT_LEAK", "1", 1);  // the test's environment is not the hook's
  run_hooks("customize", {shell("env > \"$1/env\"; pwd > \"$DEBIMG_ROOT/cwd\"; echo \"$#\" > \"$1/argc\"")}, context);
  ::unsetenv("DEBIMG_UNIT_LEAK");
  const std::string env = read_file(tree / "env");
  for (const std::string& v : {"DEBIMG_ROOT=" + tree.string(), std::string("DEBIMG_STAGE=customize"),
                               std::string("DEBIMG_SUITE=stable"), std::string("DEBIMG_ARCH=amd64"),
                               std::string("SOURCE_DATE_EPOCH=1700000000"),
                               "DEBIMG_PROFILE=" + profile.file.string(), std::string("LC_ALL=C.UTF-8"),
                               std::string("HOME=/root")})
    BOOST_TEST(has(env, v + "\n"), v);
  std::set<std::string> names = variable_names(env);
  for (const char* shell_own : {"PWD", "SHLVL", "_", "OLDPWD"}) names.erase(shell_own);  // what sh adds
  BOOST_TEST(names == (std::set<std::string>{"DEBIMG_ARCH", "DEBIMG_PROFILE", "DEBIMG_ROOT", "DEBIMG_STAGE",
                                             "DEBIMG_SUITE", "HOME", "LC_ALL", "PATH", "SOURCE_DATE_EPOCH"}),
             boost::test_tools::per_element());
  BOOST_TEST(read_file(tree / "cwd") == folder.string() + "\n");  // the profile's folder
  BOOST_TEST(read_file(tree / "argc") == "1\n");
}

BOOST_FIXTURE_TEST_CASE(path_hooks_run_in_order_with_the_tree_as_argument, HookFixture) {
  Hook script;
  script.path = "append";
  script.resolved = folder / "hooks" / "append";
  put_at(folder, "hooks/append", "#!/bin/sh\necho \"script $DEBIMG_STAGE\" >> \"$1/order\"\n", 0755);
  run_hooks("essential", {shell("echo first >> \"$1/order\""), script, shell("echo last >> \"$1/order\"")}, context);
  BOOST_TEST(read_file(tree / "order") == "first\nscript essential\nlast\n");
}

// Setup hooks run before the tree has a shell: on the host side, chroot or not.
BOOST_FIXTURE_TEST_CASE(setup_hooks_run_on_the_host_side, HookFixture) {
  run_hooks("setup", {shell("echo \"$1 $DEBIMG_ROOT\" > \"$1/where\"", true)}, context);
  BOOST_TEST(read_file(tree / "where") == tree.string() + " " + tree.string() + "\n");
}

BOOST_FIXTURE_TEST_CASE(a_failing_hook_is_reported_with_its_own_words, HookFixture) {
  const std::string message =
      refusal("customize", {shell("echo an earlier hook talks"), shell("echo it went wrong; exit 3"),
                            shell("touch \"$1/third\"")});
  BOOST_TEST(has(message, "hook hooks.customize[1] (stage customize) exited with status 3: it went wrong (log: compose.log)"),
             message);
  BOOST_TEST(!has(message, "earlier"), message);
  BOOST_TEST(!std::filesystem::exists(tree / "third"));  // the hooks after it do not run
  BOOST_TEST(has(read_file(work.path() / "compose.log"), "an earlier hook talks\nit went wrong\n"));

  Hook missing;
  missing.path = "gone";
  missing.resolved = folder / "hooks" / "gone";
  BOOST_TEST(has(refusal("extract", {missing}), "hook gone (stage extract) exited with status 127"));
}

// A hook that fails without output is still reported as the hook's failure.
BOOST_FIXTURE_TEST_CASE(a_silent_failing_hook_is_reported, HookFixture) {
  std::string message;
  BOOST_CHECK_NO_THROW(message = refusal("customize", {shell("exit 3")}));
  BOOST_TEST(has(message, "hook hooks.customize[0] (stage customize) exited with status 3"), message);
}

BOOST_FIXTURE_TEST_CASE(accounts_need_the_images_own_tools, HookFixture) {
  create_accounts(Accounts{}, sandbox, "compose.log");  // none asked for: nothing looked at
  Accounts accounts;
  accounts.users.push_back({"app", 1000, "", "", "/bin/sh"});
  auto refused = [&](const std::string& tool) {
    BOOST_CHECK_EXCEPTION(create_accounts(accounts, sandbox, "compose.log"), Error, [&](const Error& e) {
      return has(e.what(), "accounts: the image has no /usr/sbin/" + tool + " (the passwd package provides it)");
    });
  };
  refused("groupadd");
  // The host's tools, or a link out of the tree to them, are not the image's.
  put_at(outside, "groupadd", "#!/bin/sh\n", 0755);
  put_at(outside, "useradd", "#!/bin/sh\n", 0755);
  link("usr/sbin", "../../outside");
  refused("groupadd");
  std::filesystem::remove(tree / "usr/sbin");
  put("usr/sbin/groupadd", "#!/bin/sh\n", 0755);
  refused("useradd");
}

BOOST_AUTO_TEST_SUITE_END()
