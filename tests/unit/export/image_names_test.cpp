// The names image.tag gives an image in a layout and a docker-archive (export/image_names.h).
#include <boost/test/unit_test.hpp>

#include "export/image_names.h"

using namespace debimg;

BOOST_AUTO_TEST_SUITE(image_names)

BOOST_AUTO_TEST_CASE(a_tag_splits_at_its_last_colon_unless_that_is_a_registry_port) {
  BOOST_TEST(split_image_tag("minideb:bookworm").repository == "minideb");
  BOOST_TEST(split_image_tag("minideb:bookworm").tag == "bookworm");
  BOOST_TEST(split_image_tag("127.0.0.1:5000/team/app").repository == "127.0.0.1:5000/team/app");
  BOOST_TEST(split_image_tag("127.0.0.1:5000/team/app").tag == "latest");
  BOOST_TEST(split_image_tag("127.0.0.1:5000/team/app:1.0").tag == "1.0");
}

BOOST_AUTO_TEST_CASE(the_layout_ref_name_is_the_whole_reference_where_the_grammar_allows) {
  BOOST_TEST(layout_ref_name("minideb:bookworm") == "minideb:bookworm");
  BOOST_TEST(layout_ref_name("debimg/base") == "debimg/base:latest");
  BOOST_TEST(layout_ref_name("registry.example:5000/team/app:1.0") == "registry.example:5000/team/app:1.0");
  // "__" and "_." are docker's but not the layout's: the tag alone, else latest.
  BOOST_TEST(layout_ref_name("a__b:1.0") == "1.0");
  BOOST_TEST(layout_ref_name("a__b:_x") == "latest");
}

BOOST_AUTO_TEST_CASE(the_containerd_name_has_its_registry_as_docker_normalises_it) {
  BOOST_TEST(containerd_image_name("minideb:bookworm") == "docker.io/library/minideb:bookworm");
  BOOST_TEST(containerd_image_name("bitnami/minideb") == "docker.io/bitnami/minideb:latest");
  BOOST_TEST(containerd_image_name("docker.io/minideb:12") == "docker.io/library/minideb:12");
  BOOST_TEST(containerd_image_name("index.docker.io/x/y:1") == "docker.io/x/y:1");
  BOOST_TEST(containerd_image_name("localhost/app:1") == "localhost/app:1");
  BOOST_TEST(containerd_image_name("127.0.0.1:5000/app") == "127.0.0.1:5000/app:latest");
  BOOST_TEST(containerd_image_name("ghcr.io/team/app:1.0") == "ghcr.io/team/app:1.0");
  const auto annotations = image_name_annotations("minideb:bookworm");
  BOOST_TEST(annotations.size() == 2u);
  BOOST_TEST(annotations.at("org.opencontainers.image.ref.name") == "minideb:bookworm");
}

BOOST_AUTO_TEST_SUITE_END()
