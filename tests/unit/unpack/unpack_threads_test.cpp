// The unpacker's threads: packages whose paths meet (a directory in one, a
// symlink to it in another, a Replaces takeover) give the same tree, file
// table and package lists for every job count, decided in lock order; slim's
// filter applied while unpacking. CI also runs this under ThreadSanitizer
// (./dev test, build-tsan).
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "unpack/path_filter.h"
#include "unpack/unpacker.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

struct ArchiveFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

struct Member {
  std::string path;       // "./usr/share/x"
  mode_t type = AE_IFREG;
  std::string content;    // a file's bytes, a symlink's target
};

// A tar (gzip'd when `gzip`) of `members`, in memory.
std::string tar_of(const std::vector<Member>& members, bool gzip) {
  std::unique_ptr<archive, ArchiveFree> a(archive_write_new());
  archive_write_set_format_gnutar(a.get());
  if (gzip) archive_write_add_filter_gzip(a.get());
  std::string out(1 << 20, '\0');
  size_t used = 0;
  BOOST_REQUIRE(archive_write_open_memory(a.get(), out.data(), out.size(), &used) == ARCHIVE_OK);
  for (const Member& m : members) {
    std::unique_ptr<archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), m.path.c_str());
    archive_entry_set_filetype(e.get(), m.type);
    archive_entry_set_perm(e.get(), m.type == AE_IFDIR ? 0755 : m.type == AE_IFLNK ? 0777 : 0644);
    archive_entry_set_mtime(e.get(), 1700000000, 0);
    if (m.type == AE_IFLNK) archive_entry_set_symlink(e.get(), m.content.c_str());
    if (m.type == AE_IFREG) archive_entry_set_size(e.get(), static_cast<la_int64_t>(m.content.size()));
    BOOST_REQUIRE(archive_write_header(a.get(), e.get()) == ARCHIVE_OK);
    if (m.type == AE_IFREG) archive_write_data(a.get(), m.content.data(), m.content.size());
  }
  archive_write_close(a.get());
  out.resize(used);
  return out;
}

// A .deb: an ar of debian-binary, control.tar.gz and data.tar.gz.
fs::path write_deb(const fs::path& dir, const std::string& name, const std::string& extra_control,
                   const std::vector<Member>& data) {
  const std::string control = "Package: " + name + "\nVersion: 1.0\nArchitecture: amd64\nMaintainer: t <t@t>\n" +
                              extra_control + "Description: test\n";
  std::vector<std::pair<std::string, std::string>> parts{
      {"debian-binary", "2.0\n"},
      {"control.tar.gz", tar_of({{"./", AE_IFDIR, ""}, {"./control", AE_IFREG, control}}, true)},
      {"data.tar.gz", tar_of(data, true)}};
  std::unique_ptr<archive, ArchiveFree> a(archive_write_new());
  archive_write_set_format_ar_svr4(a.get());
  const fs::path deb = dir / (name + "_1.0_amd64.deb");
  BOOST_REQUIRE(archive_write_open_filename(a.get(), deb.c_str()) == ARCHIVE_OK);
  for (const auto& [member, bytes] : parts) {
    std::unique_ptr<archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), member.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(bytes.size()));
    BOOST_REQUIRE(archive_write_header(a.get(), e.get()) == ARCHIVE_OK);
    archive_write_data(a.get(), bytes.data(), bytes.size());
  }
  archive_write_close(a.get());
  return deb;
}

std::vector<Member> dirs(std::initializer_list<const char*> paths) {
  std::vector<Member> out;
  for (const char* p : paths) out.push_back({p, AE_IFDIR, ""});
  return out;
}

// Every path of the tree with its type and content or target; the file
// table; each package's list. What must not depend on the job count.
std::string describe(const fs::path& root, const FileTable& table, const std::vector<UnpackedPackage>& packages) {
  std::ostringstream out;
  std::vector<std::string> lines;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path rel = it->path().lexically_relative(root);  // not fs::relative: it follows links
    std::string line = rel.string();
    if (it->is_symlink()) line += " -> " + fs::read_symlink(it->path()).string();
    else if (it->is_directory()) line += "/";
    else line += " = " + read_file(it->path());
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  for (const auto& l : lines) out << l << "\n";
  for (const auto& [path, m] : table.entries())
    out << "table " << path << " " << static_cast<int>(m.type) << " " << m.mode << " " << m.link << " " << m.package << "\n";
  for (const auto& p : packages) {
    out << "package " << p.name << ":";
    for (const auto& f : p.files) out << " " << f;
    out << "\n";
  }
  return out.str();
}

// Unpacks `jobs` with `threads` as unpack_tree does: when packages meet
// while unpacking in parallel, again in lock order (`in_order` says so).
std::string unpack_and_describe(const std::vector<Unpacker::Job>& jobs, unsigned threads, bool& in_order,
                                const PathFilter* filter = nullptr) {
  TempDir root;
  FileTable table;
  FileMeta root_meta;
  root_meta.type = EntryType::directory;
  root_meta.mode = 0755;
  std::optional<Unpacker> unpacker;
  auto attempt = [&](unsigned with) {
    table = FileTable{};
    table.set("", root_meta);
    unpacker.emplace(root.path(), table);
    if (filter) unpacker->set_filter(filter);
    unpacker->unpack_all(jobs, with);
  };
  in_order = false;
  try {
    attempt(threads);
  } catch (const UnpackAgainInOrder&) {
    in_order = true;
    unpacker.reset();
    for (const auto& entry : fs::directory_iterator(root.path())) fs::remove_all(entry.path());
    attempt(1);
  }
  return describe(root.path(), table, unpacker->packages());
}

// Packages of many files each, none sharing a path but /usr/share: the threads overlap.
void add_fillers(const fs::path& dir, std::vector<Unpacker::Job>& jobs) {
  for (int i = 0; i < 12; ++i) {
    const std::string name = "filler" + std::to_string(i);
    auto m = dirs({"./", "./usr/", "./usr/share/"});
    m.push_back({"./usr/share/" + name + "/", AE_IFDIR, ""});
    for (int f = 0; f < 60; ++f) m.push_back({"./usr/share/" + name + "/f" + std::to_string(f), AE_IFREG, name});
    jobs.push_back({write_deb(dir, name, "", m), name + " 1.0", "", {name, "1.0", "amd64"}});
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(unpack_threads)

BOOST_AUTO_TEST_CASE(conflicts_are_decided_in_lock_order_for_every_job_count) {
  TempDir work;
  std::vector<Unpacker::Job> jobs;
  auto add = [&](const std::string& name, const std::string& control, std::vector<Member> data) {
    jobs.push_back({write_deb(work.path(), name, control, data), name + " 1.0", "", {name, "1.0", "amd64"}});
  };
  // a-link: usr/share/meet is a symlink to the directory target; b-dir ships
  // meet as a directory with a file: the file goes through the link (dpkg).
  auto a = dirs({"./", "./usr/", "./usr/share/", "./usr/share/target/"});
  a.push_back({"./usr/share/meet", AE_IFLNK, "target"});
  add("a-link", "", a);
  auto b = dirs({"./", "./usr/", "./usr/share/", "./usr/share/meet/"});
  b.push_back({"./usr/share/meet/file", AE_IFREG, "from b"});
  add("b-dir", "", b);
  // c-old and d-new ship one file; d-new Replaces c-old and wins, however they interleave.
  for (const char* name : {"c-old", "d-new"}) {
    auto m = dirs({"./", "./usr/", "./usr/share/", "./usr/share/common/"});
    m.push_back({"./usr/share/common/f", AE_IFREG, name});
    add(name, std::string(name) == "d-new" ? "Replaces: c-old\n" : "", m);
  }
  // e-keeper Replaces f-late, which comes later in the lock: the keeper keeps the file.
  for (const char* name : {"e-keeper", "f-late"}) {
    auto m = dirs({"./", "./usr/", "./usr/share/", "./usr/share/kept/"});
    m.push_back({"./usr/share/kept/f", AE_IFREG, name});
    add(name, std::string(name) == "e-keeper" ? "Replaces: f-late\n" : "", m);
  }
  add_fillers(work.path(), jobs);

  std::map<unsigned, std::string> seen;
  for (unsigned threads : {1u, 2u, 8u})
    for (int round = 0; round < 3; ++round) {
      bool in_order = false;
      const std::string described = unpack_and_describe(jobs, threads, in_order);
      if (!seen.count(1)) seen[1] = described;
      BOOST_TEST(described == seen[1], threads << " jobs (round " << round << ") give another result");
    }
  const std::string& result = seen[1];
  BOOST_TEST(result.find("usr/share/meet -> target\n") != std::string::npos);
  BOOST_TEST(result.find("usr/share/target/file = from b\n") != std::string::npos);
  BOOST_TEST(result.find("usr/share/common/f = d-new\n") != std::string::npos);
  BOOST_TEST(result.find("usr/share/kept/f = e-keeper\n") != std::string::npos);
}

// Without paths in common, the packages really unpack in parallel (no
// second pass in order) and give the same result: what ThreadSanitizer watches.
BOOST_AUTO_TEST_CASE(packages_without_common_paths_unpack_in_parallel) {
  TempDir work;
  std::vector<Unpacker::Job> jobs;
  add_fillers(work.path(), jobs);
  bool in_order = false;
  const std::string one = unpack_and_describe(jobs, 1, in_order);
  for (int round = 0; round < 3; ++round) {
    BOOST_TEST(unpack_and_describe(jobs, 8, in_order) == one);
    BOOST_TEST(!in_order);
  }
}

// slim: [man, docs]: the folders are made (a postinst's update-alternatives
// links into man1/), the pages and alias links are not, yet all are listed.
BOOST_AUTO_TEST_CASE(slim_unpacks_the_folders_without_their_files) {
  TempDir work;
  auto m = dirs({"./", "./usr/", "./usr/share/", "./usr/share/man/", "./usr/share/man/man1/", "./usr/share/doc/",
                 "./usr/share/doc/hello/"});
  m.push_back({"./usr/share/man/man1/hello.1.gz", AE_IFREG, "page"});
  m.push_back({"./usr/share/man/man1/hi.1.gz", AE_IFLNK, "hello.1.gz"});
  m.push_back({"./usr/share/doc/hello/copyright", AE_IFREG, "licence"});
  m.push_back({"./usr/share/doc/hello/README", AE_IFREG, "readme"});
  m.push_back({"./usr/share/doc/hello/FAQ", AE_IFLNK, "README"});
  const std::vector<Unpacker::Job> jobs{{write_deb(work.path(), "hello", "", m), "hello 1.0", "", {"hello", "1.0", "amd64"}}};
  const PathFilter slim = PathFilter::for_slim({"man", "docs"});
  bool in_order = false;
  const std::string result = unpack_and_describe(jobs, 1, in_order, &slim);
  for (const char* kept : {"usr/share/man/man1/\n", "usr/share/doc/hello/\n", "usr/share/doc/hello/copyright = licence\n",
                           "table usr/share/man/man1 "})
    BOOST_TEST(result.find(kept) != std::string::npos, kept << " missing from\n" << result);
  for (const char* gone : {"usr/share/man/man1/hello.1.gz =", "usr/share/man/man1/hi.1.gz ->", "README =", "FAQ ->"})
    BOOST_TEST(result.find(gone) == std::string::npos, gone << " unpacked:\n" << result);
  BOOST_TEST(result.find("package hello: /. /usr /usr/share /usr/share/man /usr/share/man/man1 /usr/share/doc "
                         "/usr/share/doc/hello /usr/share/man/man1/hello.1.gz /usr/share/man/man1/hi.1.gz "
                         "/usr/share/doc/hello/copyright /usr/share/doc/hello/README /usr/share/doc/hello/FAQ\n") != std::string::npos,
             result);
}

BOOST_AUTO_TEST_SUITE_END()
