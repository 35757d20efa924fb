#include "profile/canonical.h"

#include <boost/test/unit_test.hpp>

#include "profile/profile_parser.h"

using namespace debimg;

namespace {
Profile parse(const std::string& yaml, const std::string& file = "/a/p.yaml") {
  return parse_profile(file, yaml, "amd64");
}
const std::string kBase = "name: demo\nsources:\n  - suites: [bookworm]\n";
}  // namespace

BOOST_AUTO_TEST_SUITE(canonical)

BOOST_AUTO_TEST_CASE(defaults_written_or_omitted_give_the_same_digest) {
  std::string explicit_defaults =
      "sources:\n  - components: [main]\n    suites: [bookworm]\n    trusted: false\n    check-valid-until: true\n"
      "variant: minbase\nmerged-usr: true\narchitectures: [amd64]\nname: demo\npackages: []\nexclude: []\n";
  BOOST_TEST(inputs_digest(parse(kBase)) == inputs_digest(parse(explicit_defaults)));
  BOOST_TEST(canonical_json(parse(kBase)) == canonical_json(parse(explicit_defaults)));
  BOOST_TEST(inputs_digest(parse(kBase)) == inputs_digest(parse(kBase + "variant: required\n")));
}

BOOST_AUTO_TEST_CASE(digest_does_not_depend_on_where_the_profile_is) {
  BOOST_TEST(inputs_digest(parse(kBase, "/a/p.yaml")) == inputs_digest(parse(kBase, "/elsewhere/q.yaml")));
}

BOOST_AUTO_TEST_CASE(resolution_inputs_change_the_digest) {
  const std::string base = inputs_digest(parse(kBase));
  for (const std::string extra : {"packages: [curl]\n", "exclude: [curl]\n", "variant: apt\n", "merged-usr: false\n",
                                  "architectures: [arm64]\n"})
    BOOST_TEST(inputs_digest(parse(kBase + extra)) != base, extra);
  BOOST_TEST(inputs_digest(parse(kBase + "    components: [main, contrib]\n")) != base);
  BOOST_TEST(inputs_digest(parse(kBase + "    uris: [http://example.invalid/debian]\n")) != base);
  // the order of requested packages is part of what the user wrote
  BOOST_TEST(inputs_digest(parse(kBase + "packages: [curl, wget]\n")) != base);
}

BOOST_AUTO_TEST_CASE(image_settings_do_not_touch_the_digest) {
  const std::string base = inputs_digest(parse(kBase));
  BOOST_TEST(inputs_digest(parse(kBase + "image:\n  cmd: [sh]\n  compression: zstd\n")) == base);
  BOOST_TEST(inputs_digest(parse(kBase + "slim: [docs]\n")) == base);
  BOOST_TEST(canonical_json(parse(kBase + "slim: [docs]\n")) != canonical_json(parse(kBase)));
}

BOOST_AUTO_TEST_CASE(source_date_epoch_dates_the_image_not_the_lock) {
  const Profile dated = parse(kBase + "source-date-epoch: 1704067200\n");
  BOOST_TEST(dated.source_date_epoch.value() == 1704067200);
  BOOST_TEST(!parse(kBase).source_date_epoch);
  BOOST_TEST(inputs_digest(dated) == inputs_digest(parse(kBase)));
  BOOST_TEST(canonical_json(dated)["source-date-epoch"] == 1704067200);
  BOOST_TEST(canonical_json(parse(kBase))["source-date-epoch"].is_null());
  for (const std::string bad : {"2024-01-01", "-1", "\"1704067200\"", "[1]"})
    BOOST_CHECK_THROW(parse(kBase + "source-date-epoch: " + bad + "\n"), InputError);
}

BOOST_AUTO_TEST_CASE(digest_is_pinned) {
  // The serialisation is part of the lock format: changing it makes every
  // existing lock stale, so a change here must be deliberate.
  BOOST_TEST(resolution_inputs(parse(kBase)).dump() ==
             R"({"architectures":["amd64"],"exclude":[],"local-debs":[],"merged-usr":true,"packages":[],)"
             R"("sources":[{"check-valid-until":true,"components":["main"],"signed-by":null,"suites":["bookworm"],)"
             R"("trusted":false,"uris":null}],"variant":"minbase"})");
  BOOST_TEST(inputs_digest(parse(kBase)).rfind("sha256:", 0) == 0u);
  BOOST_TEST(inputs_digest(parse(kBase)).size() == 7u + 64u);
}

BOOST_AUTO_TEST_CASE(credentials_in_uris_are_neither_shown_nor_digested) {
  const std::string plain = kBase + "    uris: [\"https://repo.example/debian\"]\n";
  const std::string login = kBase + "    uris: [\"https://apt:s3cret@repo.example/debian\"]\n";
  BOOST_TEST(inputs_digest(parse(plain)) == inputs_digest(parse(login)));
  BOOST_TEST(canonical_json(parse(login)).dump().find("s3cret") == std::string::npos);
  BOOST_TEST(canonical_json(parse(login)) == canonical_json(parse(plain)));
}

BOOST_AUTO_TEST_SUITE_END()
