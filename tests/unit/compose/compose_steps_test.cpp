// compose() as a sequence of steps, with fakes: the order, where a stop
// ends it, and what a failing step or namespace run leaves behind.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "compose/steps.h"
#include "util/error.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

bool mentions(const Error& e, const std::string& words) { return std::string(e.what()).find(words) != std::string::npos; }

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

// Steps that record their calls; `failing` names the one that throws.
struct RecordingSteps {
  std::vector<std::string> calls;
  std::string failing;
  fs::path cache_root;

  void record(const std::string& step) {
    calls.push_back(step);
    if (step == failing) throw Error(step + " failed on purpose");
  }
  ComposeSteps steps() {
    ComposeSteps s;
    s.prepare = [this](const ComposeRequest&) {
      record("prepare");
      return ComposeInputs{HostApt{}, Profile{}, {}, Cache(cache_root), IdMap{}, {}, {}};
    };
    s.lock = [this](const ComposeRequest&, const ComposeInputs&, ComposeEvents&) {
      record("lock");
      LockedInputs locked;
      locked.path = "x.lock";
      locked.lock.packages.resize(3);
      return locked;
    };
    s.fetch = [this](const ComposeRequest&, const ComposeInputs&, const Lockfile&, ComposeEvents&) {
      record("fetch");
      FetchResult f;
      f.downloaded = 2;
      f.downloaded_bytes = 2048;
      return f;
    };
    s.build = [this](const ComposeRequest&, const ComposeInputs&, const Lockfile&, const FetchResult&, ComposeEvents&,
                     ComposeResult& r) {
      record("build");
      r.output = "built";
    };
    s.platforms = [this](const ComposeRequest&, const ComposeInputs&, const Lockfile& lock, ComposeEvents&,
                         ComposeResult& r) {
      record("platforms of " + std::to_string(lock.architectures.size()));
      r.output = "index";
    };
    s.push = [this](const ComposeRequest&, const ComposeInputs&, ComposeEvents&, ComposeResult&) { record("push"); };
    return s;
  }
};

// A real Cache, Profile and empty lock for build_step, all in one folder.
struct BuildFixture {
  TempDir work;
  ComposeInputs in{HostApt{}, Profile{}, {}, Cache(work.path() / "cache"), IdMap{}, {}, {}};
  Lockfile lock;
  FetchResult fetched;
  ComposeEvents events;
  ComposeResult result;
  ComposeRequest request;
  fs::path out_dir = work.path() / "out";

  BuildFixture() {
    fs::create_directories(out_dir);
    in.profile.name = "image";
    in.ids.identity = true;
    request.format = OutputFormat::rootfs_tar;
    request.output = out_dir / "image.tar";
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(compose_steps)

BOOST_AUTO_TEST_CASE(steps_run_in_order_and_fill_the_result) {
  TempDir cache;
  RecordingSteps rec{{}, "", cache.path()};
  ComposeRequest request;
  ComposeEvents events;
  const ComposeResult r = run_steps(rec.steps(), request, events);
  BOOST_TEST((rec.calls == std::vector<std::string>{"prepare", "lock", "fetch", "build", "push"}));
  BOOST_TEST(r.lock_path == "x.lock");
  BOOST_TEST(r.packages == 3u);
  BOOST_TEST(r.downloaded == 2u);
  BOOST_TEST(r.downloaded_bytes == 2048u);
  BOOST_TEST(r.output == "built");
}

// Several platforms: one lock and one fetch for all, then the platforms
// step (a process each) instead of an in-process build. One of them picked
// with --platform: built here, from that architecture's part of the lock.
BOOST_AUTO_TEST_CASE(several_platforms_build_together_one_builds_here) {
  auto two_platform_steps = [](RecordingSteps& rec, std::vector<std::string> platforms, Lockfile& seen) {
    ComposeSteps s = rec.steps();
    s.prepare = [&rec, platforms](const ComposeRequest&) {
      rec.record("prepare");
      return ComposeInputs{HostApt{}, Profile{}, {}, Cache(rec.cache_root), IdMap{}, platforms, {}};
    };
    s.lock = [&rec](const ComposeRequest&, const ComposeInputs&, ComposeEvents&) {
      rec.record("lock");
      LockedInputs locked;
      locked.lock.architectures = {"amd64", "arm64"};
      ResolvedPackage all{"tzdata", "1", "all", "s", "main", "pool/t.deb", 1, "", "", {}, {"amd64", "arm64"}};
      ResolvedPackage libc{"libc6", "2", "arm64", "s", "main", "pool/l.deb", 1, "", "", {}, {"arm64"}};
      ResolvedPackage libc_amd{"libc6", "2", "amd64", "s", "main", "pool/m.deb", 1, "", "", {}, {"amd64"}};
      locked.lock.packages = {libc_amd, libc, all};
      return locked;
    };
    s.fetch = [&rec, &seen](const ComposeRequest&, const ComposeInputs&, const Lockfile& lock, ComposeEvents&) {
      rec.record("fetch " + std::to_string(lock.packages.size()));
      seen = lock;
      return FetchResult{};
    };
    return s;
  };
  TempDir cache;
  ComposeRequest request;
  ComposeEvents events;
  RecordingSteps both{{}, "", cache.path()};
  Lockfile fetched;
  ComposeResult r = run_steps(two_platform_steps(both, {"amd64", "arm64"}, fetched), request, events);
  BOOST_TEST((both.calls == std::vector<std::string>{"prepare", "lock", "fetch 3", "platforms of 2", "push"}));
  BOOST_TEST(r.output == "index");
  BOOST_TEST(r.packages == 3u);
  RecordingSteps one{{}, "", cache.path()};
  r = run_steps(two_platform_steps(one, {"arm64"}, fetched), request, events);
  BOOST_TEST((one.calls == std::vector<std::string>{"prepare", "lock", "fetch 2", "build", "push"}));
  BOOST_TEST(fetched.architecture() == "arm64");
  BOOST_TEST(r.packages == 2u);
}

BOOST_AUTO_TEST_CASE(until_fetch_builds_nothing) {
  TempDir cache;
  RecordingSteps rec{{}, "", cache.path()};
  ComposeRequest request;
  request.stop_after = StopAfter::fetch;
  ComposeEvents events;
  const ComposeResult r = run_steps(rec.steps(), request, events);
  BOOST_TEST((rec.calls == std::vector<std::string>{"prepare", "lock", "fetch"}));
  BOOST_TEST((r.stopped_after == StopAfter::fetch));
  BOOST_TEST(r.output.empty());
}

BOOST_AUTO_TEST_CASE(a_failing_step_ends_the_run_with_its_message) {
  for (const std::string failing : {"prepare", "lock", "fetch", "build"}) {
    TempDir cache;
    RecordingSteps rec{{}, failing, cache.path()};
    ComposeRequest request;
    ComposeEvents events;
    BOOST_CHECK_EXCEPTION(run_steps(rec.steps(), request, events), Error,
                          [&](const Error& e) { return mentions(e, failing + " failed on purpose"); });
    BOOST_TEST(rec.calls.back() == failing);  // nothing after it ran
  }
}

// The namespace run fails (as a failing postinst makes it): no output, no
// staging file beside it, no tree mount point; the configure log stays in
// the cache for the user.
BOOST_AUTO_TEST_CASE(a_failed_namespace_run_leaves_only_the_log) {
  BuildFixture f;
  bool ran = false;
  const NamespaceRunner failing = [&](const IdMap&, const fs::path& scratch, const NamespaceBody&) {
    ran = true;
    BOOST_TEST(entries(scratch).size() == 2u);  // the tree's mount point and the log
    throw Error("dpkg --configure in the tree exited with status 1: oops");
    return TreeOutcome{};
  };
  BOOST_CHECK_EXCEPTION(build_step(f.request, f.in, f.lock, f.fetched, f.events, f.result, failing), Error,
                        [](const Error& e) { return mentions(e, "exited with status 1: oops"); });
  BOOST_TEST(ran);
  BOOST_TEST(fs::is_empty(f.out_dir));
  const std::vector<std::string> left = entries(f.in.cache.scratch());
  BOOST_REQUIRE(left.size() == 1u);
  BOOST_TEST(left[0].rfind("configure-log-", 0) == 0u);
  BOOST_TEST(f.result.output.empty());
}

// A run that succeeds commits the output and removes every temporary.
BOOST_AUTO_TEST_CASE(a_good_namespace_run_commits_and_cleans_up) {
  BuildFixture f;
  fs::path staged_seen;
  const NamespaceRunner fake = [&](const IdMap&, const fs::path&, const NamespaceBody&) {
    // The staged file exists beside the output before the commit.
    for (const auto& e : fs::directory_iterator(f.out_dir)) staged_seen = e.path();
    return TreeOutcome{};
  };
  build_step(f.request, f.in, f.lock, f.fetched, f.events, f.result, fake);
  BOOST_TEST(!staged_seen.empty());
  BOOST_TEST(staged_seen != f.out_dir / "image.tar");
  BOOST_TEST((entries(f.out_dir) == std::vector<std::string>{"image.tar"}));
  BOOST_TEST(fs::is_empty(f.in.cache.scratch()));
  BOOST_TEST(f.result.output == fs::absolute(f.out_dir / "image.tar").string());
}

// What a killed run left beside the output and in the scratch area goes.
BOOST_AUTO_TEST_CASE(a_killed_runs_leftovers_are_removed) {
  BuildFixture f;
  // Temporaries of a run killed an hour ago: old, and no process holds their lock.
  const fs::path beside = f.out_dir / ".image.tar.debimg-killed1", scratch = f.in.cache.scratch() / "tree-killed1";
  for (const fs::path& p : {beside, scratch}) {
    write_file_atomic(p, "");
    fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::hours(1));
  }
  const NamespaceRunner fake = [&](const IdMap&, const fs::path&, const NamespaceBody&) {
    return TreeOutcome{};
  };
  build_step(f.request, f.in, f.lock, f.fetched, f.events, f.result, fake);
  BOOST_TEST((entries(f.out_dir) == std::vector<std::string>{"image.tar"}));
  BOOST_TEST(fs::is_empty(f.in.cache.scratch()));
}

BOOST_AUTO_TEST_SUITE_END()
