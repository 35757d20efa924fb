#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <set>

#include "compose/compose_request.h"
#include "compose/compose_result.h"
#include "compose/namespace_call.h"
#include "compose/output_strategy.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

bool mentions(const Error& e, const std::string& words) { return std::string(e.what()).find(words) != std::string::npos; }

// A small tree: a folder and a file.
FileTable small_tree(const fs::path& root) {
  fs::create_directories(root / "etc");
  write_file_atomic(root / "etc/hostname", "localhost\n");
  FileTable table;
  FileMeta dir;
  dir.type = EntryType::directory;
  dir.mode = 0755;
  table.set("", dir);
  table.set("etc", dir);
  FileMeta file;
  file.mode = 0644;
  table.set("etc/hostname", file);
  return table;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(compose_request)

BOOST_AUTO_TEST_CASE(formats_and_stops_are_typed) {
  for (auto f : {OutputFormat::oci, OutputFormat::oci_archive, OutputFormat::docker_archive, OutputFormat::rootfs_tar,
                 OutputFormat::dir})
    BOOST_TEST((parse_output_format(to_string(f)) == f));
  BOOST_CHECK_EXCEPTION(parse_output_format("tar"), Error, [](const Error& e) {
    return mentions(e, "--format: 'tar' is not one of oci, oci-archive, docker-archive, rootfs-tar, dir");
  });
  BOOST_TEST(is_file_output(OutputFormat::rootfs_tar));
  BOOST_TEST(is_file_output(OutputFormat::oci_archive));
  BOOST_TEST(!is_file_output(OutputFormat::oci));
  BOOST_TEST(!is_file_output(OutputFormat::dir));
  BOOST_TEST(makes_image(OutputFormat::docker_archive));
  BOOST_TEST(!makes_image(OutputFormat::rootfs_tar));
  BOOST_TEST((parse_stop_after("unpack") == StopAfter::unpack));
  BOOST_CHECK_EXCEPTION(parse_stop_after("configure"), Error,
                        [](const Error& e) { return mentions(e, "--until: 'configure' is not one of fetch, unpack"); });
}

BOOST_AUTO_TEST_CASE(impossible_requests_fail_before_any_work) {
  ComposeRequest r;
  r.format = OutputFormat::rootfs_tar;
  r.push = parse_registry_ref("127.0.0.1:5000/base:1");
  BOOST_CHECK_EXCEPTION(r.check(), Error, [](const Error& e) {
    return mentions(e, "--push: the image must be --format oci or oci-archive, not rootfs-tar");
  });
  r.push.reset();
  r.stop_after = StopAfter::unpack;
  BOOST_CHECK_EXCEPTION(r.check(), Error, [](const Error& e) { return mentions(e, "use --format dir"); });
  r.format = OutputFormat::dir;
  BOOST_CHECK_NO_THROW(r.check());
}

BOOST_AUTO_TEST_CASE(the_image_report_crosses_as_json) {
  ImageReport report{"sha256:" + std::string(64, 'a'), "sha256:" + std::string(64, 'b'), {}, {{"spdx", "sha256:" + std::string(64, 'c')}}};
  LayerBlob layer;
  layer.digest = "sha256:" + std::string(64, 'c');
  layer.diff_id = "sha256:" + std::string(64, 'd');
  layer.size = 42;
  layer.media_type = "application/vnd.oci.image.layer.v1.tar+gzip";
  layer.reused = true;
  report.layers.push_back(layer);
  const std::optional<ImageReport> back = nlohmann::json(std::optional<ImageReport>(report)).get<std::optional<ImageReport>>();
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->manifest == report.manifest);
  BOOST_TEST(back->layers.at(0).diff_id == layer.diff_id);
  BOOST_TEST(back->layers.at(0).size == 42u);
  BOOST_TEST(back->layers.at(0).reused);
  BOOST_TEST(back->sboms == report.sboms);
  BOOST_TEST(!nlohmann::json(std::optional<ImageReport>()).get<std::optional<ImageReport>>().has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(compose_outputs)

// What the body returns in the namespace (a forked PID 1) reaches the parent;
// what it throws comes back as the same message.
BOOST_AUTO_TEST_CASE(a_namespace_run_returns_its_value) {
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: needs root (an identity-mapped namespace)");
    return;
  }
  TempDir scratch;
  IdMap ids;
  ids.identity = true;
  const int pid = run_in_namespace_returning<int>(ids, scratch.path(), [] { return static_cast<int>(::getpid()); });
  BOOST_TEST(pid == 1);
  BOOST_CHECK_EXCEPTION(run_in_namespace_returning<int>(ids, scratch.path(), []() -> int { throw Error("inside"); }),
                        Error, [](const Error& e) { return mentions(e, "inside"); });
  BOOST_TEST(fs::is_empty(scratch.path()));  // the result file went with its folder
}

BOOST_AUTO_TEST_CASE(rootfs_tar_writes_the_tree_into_the_staged_file) {
  TempDir work;
  const FileTable table = small_tree(work.path() / "tree");
  write_file_atomic(work.path() / "out.tar", "");
  OutputSetup setup;
  setup.format = OutputFormat::rootfs_tar;
  setup.staged = work.path() / "out.tar";
  setup.source_date_epoch = 1700000000;
  auto output = make_output_strategy(setup);
  BOOST_TEST(output->tree_in_memory());
  UniqueFd root(::open((work.path() / "tree").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  BOOST_TEST(!output->write(root.get(), table, IdMap{}).has_value());

  std::set<std::string> names;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  BOOST_REQUIRE(archive_read_open_filename(a, setup.staged.c_str(), 10240) == ARCHIVE_OK);
  archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) names.insert(archive_entry_pathname(e));
  archive_read_free(a);
  BOOST_TEST((names == std::set<std::string>{"./", "./etc/", "./etc/hostname"}));
}

BOOST_AUTO_TEST_CASE(a_dir_output_is_built_on_disk_and_emptied_on_failure) {
  TempDir work;
  small_tree(work.path());
  OutputSetup setup;
  setup.format = OutputFormat::dir;
  auto output = make_output_strategy(setup);
  BOOST_TEST(!output->tree_in_memory());
  UniqueFd root(::open(work.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  output->failed_in_namespace(root.get());
  BOOST_TEST(fs::is_empty(work.path()));
}

BOOST_AUTO_TEST_SUITE_END()
