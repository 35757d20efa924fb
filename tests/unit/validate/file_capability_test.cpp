#include "validate/file_capability.h"

#include <boost/test/unit_test.hpp>

using namespace debimg;

namespace {
// A vfs_cap_data: the le32 magic word, then `words` le32 zeros (the capability sets).
std::string capability(uint32_t magic, size_t words) {
  std::string out;
  for (int byte = 0; byte < 4; ++byte) out += static_cast<char>((magic >> (8 * byte)) & 0xff);
  return out + std::string(4 * words, '\0');
}
bool refused(const std::string& value, const std::string& words) {
  return file_capability_problem(value).find(words) != std::string::npos;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(file_capability)

BOOST_AUTO_TEST_CASE(each_revision_at_its_size_is_accepted) {
  BOOST_TEST(file_capability_problem(capability(0x01000000u, 2)) == "");
  BOOST_TEST(file_capability_problem(capability(0x02000001u, 4)) == "");  // cap_net_raw+ep's form
  BOOST_TEST(file_capability_problem(capability(0x03000000u, 5)) == "");  // with a root id
}

BOOST_AUTO_TEST_CASE(a_size_that_is_not_the_revisions_is_refused) {
  BOOST_TEST(refused(capability(0x02000000u, 5), "24 bytes, but revision 2 takes 20"));
  BOOST_TEST(refused(capability(0x03000000u, 4), "20 bytes, but revision 3 takes 24"));
  BOOST_TEST(refused(capability(0x01000000u, 4), "20 bytes, but revision 1 takes 12"));
  BOOST_TEST(refused("", "0 bytes, too short for the magic word"));
  BOOST_TEST(refused("\x02", "1 bytes, too short"));
}

BOOST_AUTO_TEST_CASE(an_unknown_revision_or_flag_is_refused) {
  BOOST_TEST(refused(capability(0x04000000u, 4), "magic word 0x04000000 names no revision"));
  BOOST_TEST(refused(capability(0x00000001u, 4), "names no revision"));
  BOOST_TEST(refused("garbage!garbage!garb", "names no revision"));
  BOOST_TEST(refused(capability(0x02000002u, 4), "magic word 0x02000002 sets flags other than 'effective'"));
}

BOOST_AUTO_TEST_SUITE_END()
