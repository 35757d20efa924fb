// Id maps as a user (configure/id_map.h): inner ids to build-namespace ids,
// and detect_id_map run as an unprivileged user (a forked child of the root
// test that drops to nobody) against subuid/subgid files of the test's own.
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <functional>
#include <optional>

#include "configure/id_map.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

using namespace debimg;

namespace {

constexpr unsigned kNobody = 65534;

// What `body` returns when run as uid and gid `kNobody` in a forked child
// ("error: ..." for an Error); nullopt, said in the log, when this test cannot change ids.
std::optional<std::string> as_nobody(const std::function<std::string()>& body) {
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: changing to an unprivileged user needs root");
    return std::nullopt;
  }
  Pipe out;
  pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    out.read.reset();
    std::string result;
    if (::setgroups(0, nullptr) != 0 || ::setresgid(kNobody, kNobody, kNobody) != 0 ||
        ::setresuid(kNobody, kNobody, kNobody) != 0) {
      result = "error: cannot become nobody";
    } else {
      try {
        result = body();
      } catch (const Error& e) {
        result = std::string("error: ") + e.what();
      }
    }
    (void)!::write(out.write.get(), result.data(), result.size());
    ::_exit(0);
  }
  out.write.reset();
  std::string result = read_until_eof(out.read.get());
  int status = 0;
  ::waitpid(child, &status, 0);
  return result;
}

// subuid and subgid files nobody can read.
struct SubIds {
  TempDir dir;
  std::filesystem::path uid = dir.path() / "subuid", gid = dir.path() / "subgid";
  SubIds(const std::string& uids, const std::string& gids) {
    ::chmod(dir.path().c_str(), 0755);
    write_file_atomic(uid, uids);
    write_file_atomic(gid, gids);
  }
  std::string detect() const {
    IdMap m = detect_id_map(uid, gid);
    return m.user + " identity=" + std::to_string(m.identity) + " uid=" + std::to_string(m.uid.outer_self) + "," +
           std::to_string(m.uid.start) + "," + std::to_string(m.uid.count) + " gid=" + std::to_string(m.gid.outer_self) +
           "," + std::to_string(m.gid.start) + "," + std::to_string(m.gid.count) + " sandbox=" +
           std::to_string(m.sandbox_uid_base) + "," + std::to_string(m.sandbox_gid_base) + " outer(0,1,65535)=" +
           std::to_string(m.outer_uid(0)) + "," + std::to_string(m.outer_uid(1)) + "," + std::to_string(m.outer_uid(65535)) +
           "/" + std::to_string(m.outer_gid(0)) + "," + std::to_string(m.outer_gid(1));
  }
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(id_map_user)

BOOST_AUTO_TEST_CASE(inner_ids_to_build_namespace_ids) {
  IdMap m;
  m.uid = {1000, 100000, kNeededIds};
  m.gid = {1001, 200000, kNeededIds};
  BOOST_TEST(m.outer_uid(0) == 1000u);  // the caller
  BOOST_TEST(m.outer_uid(1) == 100000u);
  BOOST_TEST(m.outer_uid(65534) == 165533u);
  BOOST_TEST(m.outer_gid(0) == 1001u);
  BOOST_TEST(m.outer_gid(42) == 200041u);
  m.identity = true;  // as root
  BOOST_TEST(m.outer_uid(0) == 0u);
  BOOST_TEST(m.outer_uid(65534) == 65534u);
  BOOST_TEST(m.outer_gid(42) == 42u);
}

BOOST_AUTO_TEST_CASE(a_user_maps_itself_and_its_ranges) {
  // By name or by id, the first line with enough ids.
  SubIds ids("someone:300000:65536\nnobody:90000:100\nnobody:100000:65536\n", "65534:200000:70000\n");
  std::optional<std::string> got = as_nobody([&] { return ids.detect(); });
  if (!got) return;
  BOOST_TEST(*got == "nobody identity=0 uid=65534,100000,65536 gid=65534,200000,65536 sandbox=0,0 "
                     "outer(0,1,65535)=65534,100000,165534/65534,200000");
}

BOOST_AUTO_TEST_CASE(a_user_without_ranges_is_told_the_lines_to_add) {
  SubIds none("someone:100000:65536\nnobody:100000:65535\n", "");
  std::optional<std::string> got = as_nobody([&] { return none.detect(); });
  if (!got) return;
  BOOST_TEST(has(*got, "error: user nobody has no subordinate id range of 65536 ids"), *got);
  BOOST_TEST(has(*got, "add the line 'nobody:100000:65536' to " + none.uid.string() + " and to " + none.gid.string()),
             *got);

  SubIds no_gid("nobody:100000:65536\n", "nobody:100000:10\n");
  got = as_nobody([&] { return no_gid.detect(); });
  BOOST_TEST(has(*got, "add the line 'nobody:100000:65536' to " + no_gid.gid.string() + " (pick"), *got);
  BOOST_TEST(!has(*got, no_gid.uid.string()), *got);
}

BOOST_AUTO_TEST_SUITE_END()
