// ld.so.cache written like ldconfig (configure/ld_so_cache.h): the name
// order, the string table's suffix sharing, one library per soname, folder
// duplicates, the soname links, hostile trees; and, as root, the same bytes
// as the host's own ldconfig run on the same fixture tree.
#include "configure/ld_so_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <fstream>
#include <vector>

#include "configure/ld_cache_file.h"
#include "configure/ld_cache_strings.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

struct CacheEntry {
  int32_t flags;
  std::string soname, path;
  uint64_t hwcap;
};

uint32_t u32_at(const std::string& b, size_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}

// The entries of a new-format cache, in file order.
std::vector<CacheEntry> entries_of(const std::string& cache) {
  BOOST_REQUIRE(cache.size() >= 48 && cache.compare(0, 20, "glibc-ld.so.cache1.1") == 0);
  std::vector<CacheEntry> out;
  for (uint32_t i = 0; i < u32_at(cache, 20); ++i) {
    const size_t at = 48 + 24 * size_t{i};
    uint64_t hwcap;
    std::memcpy(&hwcap, cache.data() + at + 16, 8);
    out.push_back({static_cast<int32_t>(u32_at(cache, at)), cache.c_str() + u32_at(cache, at + 4),
                   cache.c_str() + u32_at(cache, at + 8), hwcap});
  }
  return out;
}

// A temporary tree with /etc/ld.so.conf and small libraries built by the compiler.
struct LibTree {
  TempDir work;
  fs::path root = work.path() / "root";
  fs::path src = work.path() / "f.c";
  LibTree() {
    fs::create_directories(root / "etc");
    fs::create_directories(root / "opt/lib");
    write_file_atomic(src, "int f(void) { return 1; }\n");
  }
  void conf(const std::string& text) const { write_file_atomic(root / "etc/ld.so.conf", text); }
  void lib(const std::string& path, const std::string& soname = "", const std::string& flags = "") const {
    fs::create_directories((root / path).parent_path());
    std::string cmd = "g++ -x c -shared -fPIC -nostartfiles -o '" + (root / path).string() + "' '" + src.string() + "'";
    if (!soname.empty()) cmd += " -Wl,-soname," + soname;
    BOOST_REQUIRE_MESSAGE(std::system((cmd + " " + flags).c_str()) == 0, cmd);
  }
  UniqueFd fd() const { return UniqueFd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)); }
  std::string cache(bool update_links = false, LdconfigDialect dialect = LdconfigDialect::glibc_2_36) const {
    LdCacheOptions options{dialect, "ldconfig test", update_links};
    return ld_so_cache(fd().get(), options);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(libcmp_compares_digit_runs_as_numbers) {
  BOOST_TEST(dl_cache_libcmp("libfoo.so.10", "libfoo.so.9") > 0);
  BOOST_TEST(dl_cache_libcmp("libfoo.so.01", "libfoo.so.1") == 0);
  BOOST_TEST(dl_cache_libcmp("lib1", "liba") > 0);  // a digit sorts after any other character
  BOOST_TEST(dl_cache_libcmp("liba.so", "libb.so") < 0);
  BOOST_TEST(dl_cache_libcmp("libx.so", "libx.so.1") < 0);
}

BOOST_AUTO_TEST_CASE(string_table_shares_suffixes_in_reversed_order) {
  LdCacheStrings table;
  const uint32_t path = table.add("/lib/libc.so.6"), libc = table.add("libc.so.6"), libm = table.add("libm.so.6"),
                 x = table.add("x");
  BOOST_TEST(table.add("libc.so.6") == libc);
  const auto f = table.finalize();
  // Reversed strings in descending order: x, libm.so.6, /lib/libc.so.6 (with libc.so.6 inside it).
  BOOST_TEST(f.bytes == std::string("x\0libm.so.6\0/lib/libc.so.6\0", 27));
  BOOST_TEST(f.offsets[x] == 0U);
  BOOST_TEST(f.offsets[libm] == 2U);
  BOOST_TEST(f.offsets[path] == 12U);
  BOOST_TEST(f.offsets[libc] == 17U);
}

BOOST_AUTO_TEST_CASE(one_library_per_soname_newest_name_first_path_kept) {
  LibTree t;
  t.lib("opt/lib/libfoo.so.1.2", "libfoo.so.1");
  t.lib("opt/lib/libfoo.so.1.10", "libfoo.so.1");
  t.lib("opt/lib/libbar.so.3", "libbar.so.3");
  t.lib("opt/other/libbar.so.3", "libbar.so.3");
  fs::create_directory_symlink("lib", t.root / "opt/alias");
  t.conf("/opt/lib/\n/opt/alias\ninclude /etc/ld.so.conf.d/*.conf\n");
  fs::create_directories(t.root / "etc/ld.so.conf.d");
  write_file_atomic(t.root / "etc/ld.so.conf.d/z.conf", "/opt/other\n");
  const std::string cache = t.cache();
  const auto e = entries_of(cache);
  BOOST_REQUIRE_EQUAL(e.size(), 3U);
  // Sonames newest first; equal sonames keep the folders' order.
  BOOST_TEST(e[0].soname == "libfoo.so.1");
  BOOST_TEST(e[0].path == "/opt/lib/libfoo.so.1");  // by soname; the alias is the same folder
  BOOST_TEST(e[1].path == "/opt/lib/libbar.so.3");
  BOOST_TEST(e[2].path == "/opt/other/libbar.so.3");
  BOOST_TEST(e[0].flags == 0x0303);
  // The soname is stored inside its path's string.
  BOOST_TEST(u32_at(cache, 48 + 4) == u32_at(cache, 48 + 8) + std::strlen("/opt/lib/"));
  BOOST_TEST(!fs::exists(fs::symlink_status(t.root / "opt/lib/libfoo.so.1")));
  // Like ldconfig without -X: the soname link to the newer file.
  t.cache(true);
  BOOST_TEST(fs::read_symlink(t.root / "opt/lib/libfoo.so.1") == "libfoo.so.1.10");
}

BOOST_AUTO_TEST_CASE(glibc_hwcaps_subfolders_come_first_with_their_isa_level) {
  LibTree t;
  t.lib("opt/lib/libv.so.1", "libv.so.1");
  t.lib("opt/lib/glibc-hwcaps/x86-64-v3/libv.so.1", "libv.so.1", "-Wl,-z,x86-64-v3");
  fs::create_directories(t.root / "opt/lib/glibc-hwcaps/x86-64-v4");  // unused: its name is still stored
  t.conf("/opt/lib\n");
  const std::string cache = t.cache();
  const auto e = entries_of(cache);
  BOOST_REQUIRE_EQUAL(e.size(), 2U);
  BOOST_TEST(e[0].path == "/opt/lib/glibc-hwcaps/x86-64-v3/libv.so.1");
  BOOST_TEST(e[0].hwcap == ((uint64_t{1} << 62) | (uint64_t{2} << 32)));  // index 0; v3 is ISA bit 2
  BOOST_TEST(e[1].hwcap == 0U);
  BOOST_TEST(cache.find(std::string("x86-64-v4\0", 10)) != std::string::npos);
  BOOST_TEST(cache.substr(cache.size() - 13) == "ldconfig test");
}

BOOST_AUTO_TEST_CASE(hostile_files_and_links_are_passed_over) {
  LibTree t;
  t.lib("opt/lib/libok.so.1", "libok.so.1");
  write_file_atomic(t.root / "opt/lib/libtext.so.1", "not a library, but longer than an ELF header: ............................................");
  std::string bogus = read_file(t.root / "opt/lib/libok.so.1");
  const uint16_t phnum = 65535;
  const uint64_t phoff = bogus.size() - 8;
  std::memcpy(bogus.data() + 32, &phoff, 8);  // a huge program header table running past the end
  std::memcpy(bogus.data() + 56, &phnum, 2);
  write_file_atomic(t.root / "opt/lib/libbogus.so.1", bogus);
  fs::create_symlink(t.root / "opt/lib/libok.so.1", t.root / "opt/lib/libout.so.2");  // absolute: outside inside the tree
  BOOST_REQUIRE(::mkfifo((t.root / "opt/lib/fifo").c_str(), 0600) == 0);
  fs::create_symlink("fifo", t.root / "opt/lib/libfifo.so.1");  // ldconfig would block opening it
  fs::create_symlink("libgone.so.1.0", t.root / "opt/lib/libgone.so.1");
  t.conf("/opt/lib\n");
  const auto e = entries_of(t.cache(true));
  BOOST_REQUIRE_EQUAL(e.size(), 1U);
  BOOST_TEST(e[0].path == "/opt/lib/libok.so.1");
  BOOST_TEST(!fs::exists(fs::symlink_status(t.root / "opt/lib/libgone.so.1")));  // dangling: removed
  BOOST_TEST(!fs::exists(fs::symlink_status(t.root / "opt/lib/libout.so.2")));   // dangling in the tree
  BOOST_TEST(fs::exists(t.root / "opt/lib/libok.so.1"));
}

BOOST_AUTO_TEST_CASE(an_include_loop_is_refused_in_one_line) {
  LibTree t;
  t.conf("include /etc/ld.so.conf\n");
  try {
    t.cache();
    BOOST_FAIL("no error");
  } catch (const Error& e) {
    BOOST_TEST(std::string(e.what()).find("nest deeper than") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(options_come_from_the_trees_ldconfig) {
  LibTree t;
  BOOST_CHECK_THROW(tree_ldconfig_options(t.fd().get()), Error);
  fs::create_directories(t.root / "sbin");
  std::string binary(64, '\0');
  std::memcpy(binary.data(), "\177ELF\002\001\001", 7);
  binary[18] = 62;  // EM_X86_64
  binary += std::string("\0ldconfig (Debian GLIBC 2.41-12) stable release version 2.41\0", 63);
  write_file_atomic(t.root / "sbin/ldconfig", binary);
  const auto options = tree_ldconfig_options(t.fd().get());
  BOOST_TEST(options.generator == "ldconfig (Debian GLIBC 2.41-12) stable release version 2.41");
  BOOST_TEST((options.dialect == LdconfigDialect::glibc_2_41));
  binary.replace(binary.find("version 2.41") + 8, 4, "2.99");
  write_file_atomic(t.root / "sbin/ldconfig", binary);
  BOOST_CHECK_THROW(tree_ldconfig_options(t.fd().get()), Error);
}

// As root, the host's ldconfig (glibc 2.36 or 2.41) in a chroot of the
// fixture writes the same bytes.
BOOST_AUTO_TEST_CASE(same_bytes_as_the_hosts_ldconfig) {
  UniqueFd host(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  LdCacheOptions options;
  try {
    options = tree_ldconfig_options(host.get());
  } catch (const Error& e) {
    BOOST_TEST_MESSAGE("skipped: " << e.what());
    return;
  }
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: needs root for ldconfig -r");
    return;
  }
  LibTree t;
  t.lib("opt/lib/libfoo.so.1.2", "libfoo.so.1");
  t.lib("opt/lib/libfoo.so.1.10", "libfoo.so.1");
  t.lib("opt/lib/libnosoname.so.4");
  t.lib("opt/lib/glibc-hwcaps/x86-64-v2/libfoo.so.1", "libfoo.so.1", "-Wl,-z,x86-64-v2");
  fs::create_symlink("libfoo.so.1.2", t.root / "opt/lib/libfoo.so");
  fs::create_directories(t.root / "opt/lib/tls");
  t.lib("opt/lib/tls/libbar.so.2", "libbar.so.2");
  t.conf("/opt/lib\n/opt/lib/tls\n");
  const std::string expected = ld_so_cache(t.fd().get(), options);
  const std::string cmd = "/sbin/ldconfig -X -r '" + t.root.string() + "' -C /ref.cache 2>/dev/null";
  BOOST_REQUIRE(std::system(cmd.c_str()) == 0);
  BOOST_TEST((read_file(t.root / "ref.cache") == expected));
}
