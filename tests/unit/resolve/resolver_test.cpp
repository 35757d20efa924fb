// resolve_packages on a fixture archive (archive_fixture.h): the closure of
// a request, apt's choice among alternatives, variant seeds, version and
// suite requests, and the errors for requests apt cannot meet.
#include "resolve/resolver.h"

#include <boost/test/unit_test.hpp>

#include <set>

#include "archive_fixture.h"
#include "util/error.h"

using namespace debimg;
using debimg::test::ArchiveFixture;

namespace {

struct Stable : ArchiveFixture {
  Stable() { add_suite("stable", test::stable_packages()); }
};

struct StableAndUpdates : Stable {
  StableAndUpdates() { add_suite("updates", test::updates_packages()); }
};

std::set<std::string> names(const Resolution& r) {
  std::set<std::string> out;
  for (const auto& p : r.packages) out.insert(p.name);
  return out;
}

const ResolvedPackage& find(const Resolution& r, const std::string& name) {
  for (const auto& p : r.packages)
    if (p.name == name) return p;
  throw Error("not resolved: " + name);
}

// What `f.resolve()` throws, for a look at its message.
std::string refusal(const ArchiveFixture& f) {
  try {
    f.resolve();
  } catch (const Error& e) {
    BOOST_TEST_MESSAGE("refused: " << e.what());
    return e.what();
  }
  BOOST_ERROR("resolved without an error");
  return "";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(resolver)

BOOST_FIXTURE_TEST_CASE(minbase_closure_of_a_request, StableAndUpdates) {
  profile.packages = {{"hello", "", "", ""}};
  Resolution r = resolve();
  // Essential and required packages, what they need, and the request; apt
  // (important), gawk (another awk) and usrmerge's perl stay out.
  BOOST_TEST(names(r) == (std::set<std::string>{"dash", "hello", "init-helpers", "libc6", "mawk", "usr-is-merged"}),
             boost::test_tools::per_element());
  for (size_t i = 1; i < r.packages.size(); ++i)  // by name (a plain <: Boost.Test's compares lengths first)
    BOOST_TEST((r.packages[i - 1].name.compare(r.packages[i].name) < 0), r.packages[i - 1].name + ", " + r.packages[i].name);

  // The newest hello, from the suite that has it, pinned as its index says.
  const ResolvedPackage& hello = find(r, "hello");
  BOOST_TEST(hello.version == "2.0");
  BOOST_TEST(hello.suite == "updates");
  BOOST_TEST(hello.component == "main");
  BOOST_TEST(hello.architecture == "amd64");
  BOOST_TEST(hello.filename == "pool/main/h/hello/hello_2.0_amd64.deb");
  BOOST_TEST(hello.size == 1005u);
  BOOST_TEST(hello.sha256 == sha256_hex("hello2.0"));
  // A version both suites carry comes from the first one, in profile order.
  BOOST_TEST(find(r, "libc6").suite == "stable");
  BOOST_TEST(find(r, "libc6").architecture == "amd64");  // Multi-Arch: same, one architecture: once
  BOOST_TEST(find(r, "usr-is-merged").architecture == "all");

  BOOST_TEST(r.roots.at("dash") == "Essential: yes");
  BOOST_TEST(r.roots.at("mawk") == "Priority: required");
  BOOST_TEST(r.roots.at("hello") == "listed in packages");
  BOOST_TEST(r.roots.at("usr-is-merged") == "merged-usr: true");
  BOOST_TEST(r.depends.at("dash") == std::vector<std::string>{"libc6"});
  BOOST_TEST(r.depends.at("hello") == std::vector<std::string>{"libc6"});
  BOOST_TEST(r.depends.at("libc6").empty());
}

// apt takes the first alternative when none is installed; merged-usr settles
// `usrmerge | usr-is-merged` for the second before anything asks.
BOOST_FIXTURE_TEST_CASE(alternatives_as_apt_chooses_them, Stable) {
  profile.packages = {{"mailer", "", "", ""}};
  auto c = closure();
  BOOST_TEST(c.count("mail-a") == 1u);
  BOOST_TEST(c.count("mail-b") == 0u);
  BOOST_TEST(c.count("usr-is-merged") == 1u);
  BOOST_TEST(c.count("usrmerge") == 0u);

  profile.packages = {{"mailer", "", "", ""}, {"mail-b", "", "", ""}};  // the second is wanted anyway
  Resolution r = resolve();
  BOOST_TEST(names(r).count("mail-a") == 0u);
  BOOST_TEST(names(r).count("mail-b") == 1u);
  BOOST_TEST(r.depends.at("mailer") == std::vector<std::string>{"mail-b"});

  profile.packages.clear();
  profile.merged_usr = false;
  c = closure();
  BOOST_TEST(c.count("usrmerge") == 1u);
  BOOST_TEST(c.count("perl-base") == 1u);
  BOOST_TEST(c.count("usr-is-merged") == 0u);
}

BOOST_FIXTURE_TEST_CASE(variant_seeds, Stable) {
  const std::set<std::string> essential{"dash", "libc6", "usr-is-merged"};
  profile.variant = Variant::essential;
  BOOST_TEST(names(resolve()) == essential, boost::test_tools::per_element());

  profile.variant = Variant::apt;
  std::set<std::string> apt = essential;
  apt.insert({"apt", "libapt-pkg6.0", "gpgv"});  // gpgv: the first of `gpgv | gpgv2`
  Resolution r = resolve();
  BOOST_TEST(names(r) == apt, boost::test_tools::per_element());
  BOOST_TEST(r.roots.at("apt") == "variant apt");

  profile.variant = Variant::minbase;
  const std::set<std::string> minbase{"dash", "init-helpers", "libc6", "mawk", "usr-is-merged"};
  BOOST_TEST(names(resolve()) == minbase, boost::test_tools::per_element());

  profile.variant = Variant::important;
  std::set<std::string> important = minbase;
  important.insert({"apt", "gpgv", "less", "libapt-pkg6.0"});
  r = resolve();
  BOOST_TEST(r.roots.at("less") == "Priority: important");
  BOOST_TEST(r.roots.at("apt") == "Priority: important");
  BOOST_TEST(names(r) == important, boost::test_tools::per_element());

  // custom: only what `packages` lists (and, with merged-usr, usr-is-merged).
  profile.variant = Variant::custom;
  profile.packages = {{"hello", "", "", ""}};
  BOOST_TEST(names(resolve()) == (std::set<std::string>{"hello", "libc6", "usr-is-merged"}), boost::test_tools::per_element());
  profile.merged_usr = false;
  BOOST_TEST(names(resolve()) == (std::set<std::string>{"hello", "libc6"}), boost::test_tools::per_element());
}

// As with mmdebstrap, the essential set is in place before the rest is
// resolved: a dependency it provides needs no package of its own, even
// when the package asking for it comes first in the order of names.
BOOST_FIXTURE_TEST_CASE(what_the_essential_set_provides_is_not_installed_again, Stable) {
  profile.packages = {{"aa-daemon", "", "", ""}};
  const auto c = closure();
  BOOST_TEST(c.count("aa-daemon") == 1u);
  BOOST_TEST(c.count("dash") == 1u);
  BOOST_TEST(c.count("sh-compat") == 0u);
}

BOOST_FIXTURE_TEST_CASE(versions_and_suites_asked_for, StableAndUpdates) {
  profile.variant = Variant::custom;
  profile.packages = {{"hello", "", "1.0", ""}};
  Resolution r = resolve();
  BOOST_TEST(find(r, "hello").version == "1.0");
  BOOST_TEST(find(r, "hello").suite == "stable");
  BOOST_TEST(find(r, "hello").filename == "pool/main/h/hello/hello_1.0_amd64.deb");

  profile.packages = {{"hello", "", "", "stable"}};
  BOOST_TEST(closure().at("hello") == "1.0");
  profile.packages = {{"hello", "", "", "fixture-updates"}};  // a codename names the suite too
  BOOST_TEST(closure().at("hello") == "2.0");

  profile.packages = {{"hello", "", "3.0", ""}};
  BOOST_CHECK_EXCEPTION(resolve(), InputError, [](const InputError& e) {
    return e.field() == "packages[0]" && has(e.what(), "version 3.0 of 'hello' is not available (available: 2.0, 1.0)");
  });
  profile.packages = {{"hello", "", "", "testing"}};
  BOOST_CHECK_EXCEPTION(resolve(), InputError, [](const InputError& e) {
    return has(e.what(), "no version of 'hello' comes from suite 'testing' (versions: 2.0, 1.0)");
  });
}

BOOST_FIXTURE_TEST_CASE(virtual_and_unknown_packages, Stable) {
  profile.variant = Variant::custom;
  profile.packages = {{"editor-engine", "", "", ""}};  // one provider: that one
  Resolution r = resolve();
  BOOST_TEST(find(r, "vim-engine").version == "9.0");
  BOOST_TEST(r.roots.at("vim-engine") == "listed in packages");

  profile.packages = {{"hello", "", "", ""}, {"awk", "", "", ""}};
  BOOST_CHECK_EXCEPTION(resolve(), InputError, [](const InputError& e) {
    return e.field() == "packages[1]" &&
           has(e.what(), "'awk' is a virtual package provided by gawk, mawk; name the one to install");
  });
  profile.packages = {{"mailerr", "", "", ""}};
  BOOST_CHECK_EXCEPTION(resolve(), InputError, [](const InputError& e) {
    return has(e.what(), "unknown package 'mailerr'") && has(e.what(), "mailer");
  });
}

BOOST_FIXTURE_TEST_CASE(excluded_packages, Stable) {
  profile.exclude = {"mawk"};  // a seed left out
  auto c = closure();
  BOOST_TEST(c.count("mawk") == 0u);
  BOOST_TEST(c.count("dash") == 1u);

  profile.exclude = {"libc6"};  // needed by the essential set
  const std::string message = refusal(*this);
  BOOST_TEST(has(message, "libc6"), message);
  BOOST_TEST(has(message, "dash"), message);
}

// An unsatisfiable dependency names the package that has it and what is
// missing, as far down as apt got.
BOOST_FIXTURE_TEST_CASE(unmet_dependencies_name_the_chain, Stable) {
  profile.packages = {{"broken-app", "", "", ""}};
  std::string message = refusal(*this);
  BOOST_TEST(has(message, "broken-app"), message);
  BOOST_TEST(has(message, "(listed in packages)"), message);
  BOOST_TEST(has(message, "Depends: libmissing (>= 1) but it is not available in any source"), message);

  profile.packages = {{"frontend", "", "", ""}};
  message = refusal(*this);
  BOOST_TEST(has(message, "frontend 1.0"), message);
  BOOST_TEST(has(message, "Depends: broken-app"), message);

  profile.packages = {{"conflicter", "", "", ""}};
  message = refusal(*this);
  BOOST_TEST(has(message, "conflicter"), message);
  BOOST_TEST(has(message, "dash"), message);
}

BOOST_AUTO_TEST_SUITE_END()
