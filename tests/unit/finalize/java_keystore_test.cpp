// jks_with_dates and pin_java_keystores (finalize/java_keystore.h), on a
// keystore made by the JDK's keytool (data/two-certs.jks: two trusted
// certificates, password "changeit").
#include "finalize/java_keystore.h"

#include <boost/test/unit_test.hpp>

#include "tree_fixture.h"
#include "util/files.h"

using namespace debimg;
using debimg::test::TreeFixture;

namespace {

const std::string kStore = read_file(std::string(DEBIMG_TEST_DATA) + "/two-certs.jks");
constexpr int64_t kEpochMs = 1700000000000;

// The 8-byte dates after each alias (both entries are trusted certificates).
std::vector<int64_t> dates(const std::string& s) {
  std::vector<int64_t> out;
  size_t at = 12;
  auto number = [&](int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = v << 8 | static_cast<unsigned char>(s.at(at++));
    return v;
  };
  for (int n = 0; n < 2; ++n) {
    number(4);
    at += number(2);
    out.push_back(static_cast<int64_t>(number(8)));
    at += number(2);
    at += number(4);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(java_keystore)

BOOST_AUTO_TEST_CASE(dates_are_pinned_and_the_trailer_made_again) {
  BOOST_REQUIRE(kStore.size() == 904u);
  BOOST_TEST(dates(kStore)[0] != kEpochMs);
  const std::optional<std::string> pinned = jks_with_dates(kStore, kEpochMs, "changeit");
  BOOST_REQUIRE(pinned.has_value());
  BOOST_TEST(pinned->size() == kStore.size());
  BOOST_TEST((dates(*pinned) == std::vector<int64_t>{kEpochMs, kEpochMs}));
  // Only the dates and the trailer changed: 2 × 8 + 20 bytes at most.
  size_t changed = 0;
  for (size_t i = 0; i < kStore.size(); ++i) changed += kStore[i] != (*pinned)[i];
  BOOST_TEST(changed <= 36u);
  // Its trailer is valid (it is read again), and pinning again changes nothing.
  BOOST_TEST((jks_with_dates(*pinned, kEpochMs, "changeit") == pinned));
}

BOOST_AUTO_TEST_CASE(anything_else_is_left_alone) {
  BOOST_TEST(!jks_with_dates(kStore, kEpochMs, "another").has_value());  // the trailer does not match
  BOOST_TEST(!jks_with_dates("", kEpochMs, "changeit").has_value());
  BOOST_TEST(!jks_with_dates(std::string(100, '\xfe'), kEpochMs, "changeit").has_value());
  // Every truncation and a flipped byte anywhere: no crash, no store.
  for (size_t n = 0; n < kStore.size(); n += 37) BOOST_TEST(!jks_with_dates(kStore.substr(0, n), kEpochMs, "changeit").has_value());
  std::string flipped = kStore;
  flipped[20] ^= 1;
  BOOST_TEST(!jks_with_dates(flipped, kEpochMs, "changeit").has_value());
}

BOOST_AUTO_TEST_CASE(the_tree_keystore_is_rewritten_in_place) {
  TreeFixture t;
  t.put("etc/ssl/certs/java/cacerts", kStore, 0644);
  TreeFixture::put_at(t.outside, "cacerts", kStore);
  BOOST_TEST(pin_java_keystores(t.root.get(), kEpochMs / 1000) == 1);
  BOOST_TEST((dates(read_file(t.tree / "etc/ssl/certs/java/cacerts")) == std::vector<int64_t>{kEpochMs, kEpochMs}));
  BOOST_TEST(pin_java_keystores(t.root.get(), kEpochMs / 1000) == 0);  // already pinned

  // A hostile tree's symlink is not followed out.
  TreeFixture h;
  TreeFixture::put_at(h.outside, "cacerts", kStore);
  h.link("etc/ssl/certs/java/cacerts", h.outside / "cacerts");
  BOOST_TEST(pin_java_keystores(h.root.get(), kEpochMs / 1000) == 0);
  BOOST_TEST(read_file(h.outside / "cacerts") == kStore);
}

BOOST_AUTO_TEST_SUITE_END()
