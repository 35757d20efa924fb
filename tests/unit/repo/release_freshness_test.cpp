// When a verified Release may be used: not past the clock by more than the
// allowance, never older than what a lock holds for its suite.
#include "repo/release_freshness.h"

#include <boost/test/unit_test.hpp>
#include <functional>

#include "util/error.h"

using namespace debimg;

namespace {

ReleaseFile dated(time_t t, const std::string& text) {
  ReleaseFile r;
  r.date_time = t;
  r.date = text;
  return r;
}

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr time_t kNow = 1800000000;

}  // namespace

BOOST_AUTO_TEST_SUITE(release_freshness)

BOOST_AUTO_TEST_CASE(a_date_past_the_clock_beyond_the_allowance_is_refused) {
  const FreshnessPolicy policy;  // 10 s, as apt
  require_not_future(dated(kNow + 10, "D"), "u", policy, kNow);  // within: taken
  const std::string message = refusal([&] { require_not_future(dated(kNow + 11, "D"), "http://x/InRelease", policy, kNow); });
  BOOST_TEST(has(message, "http://x/InRelease: Date D is 11 s ahead of this machine's clock, more than the 10 s allowed"), message);
  BOOST_TEST(has(refusal([&] { require_not_future(dated(kNow + 365 * 86400, "D"), "u", policy, kNow); }), "365 days ahead"));
  FreshnessPolicy lenient;
  lenient.max_future_seconds = 400 * 86400;
  require_not_future(dated(kNow + 365 * 86400, "D"), "u", lenient, kNow);
}

BOOST_AUTO_TEST_CASE(a_date_older_than_the_lock_is_refused_unless_allowed) {
  const HeldDates held{{"bookworm", HeldDate{kNow, "NEW", "p.lock"}}};
  FreshnessPolicy policy;
  require_not_older(dated(kNow, "NEW"), "u", "bookworm", held, policy);          // the same: taken
  require_not_older(dated(kNow - 1, "OLD"), "u", "bookworm-security", held, policy);  // no record for that suite
  const std::string message = refusal([&] { require_not_older(dated(kNow - 1, "OLD"), "http://x/InRelease", "bookworm", held, policy); });
  BOOST_TEST(has(message, "http://x/InRelease: Date OLD is older than the NEW that p.lock records for suite 'bookworm'"), message);
  BOOST_TEST(has(message, "--allow-older-metadata"), message);
  policy.allow_older = true;
  require_not_older(dated(kNow - 1, "OLD"), "u", "bookworm", held, policy);
}

BOOST_AUTO_TEST_CASE(the_warning_names_the_source_and_both_dates) {
  const std::string kept = older_release_warning(dated(1, "OLD"), "http://x/InRelease", dated(2, "NEW"), true);
  BOOST_TEST(has(kept, "http://x/InRelease served an older Release (Date OLD) than the one in the cache (Date NEW): keeping the newer one"), kept);
  const std::string taken = older_release_warning(dated(1, "OLD"), "u", dated(2, "NEW"), false);
  BOOST_TEST(has(taken, "taking the older one (--allow-older-metadata)"), taken);
}

BOOST_AUTO_TEST_SUITE_END()
