#include "util/uri_userinfo.h"

#include <boost/test/unit_test.hpp>

using namespace debimg;

BOOST_AUTO_TEST_SUITE(uri_userinfo)

BOOST_AUTO_TEST_CASE(splits_user_and_password_off) {
  UriUserinfo u = split_userinfo("http://user:s%3Acret@127.0.0.1:8080/debian/");
  BOOST_TEST(u.present);
  BOOST_TEST(u.uri == "http://127.0.0.1:8080/debian/");
  BOOST_TEST(u.login == "user");
  BOOST_TEST(u.password == "s:cret");  // percent-decoded, as apt reads it
}

BOOST_AUTO_TEST_CASE(user_without_password) {
  UriUserinfo u = split_userinfo("https://token@repo.example/apt");
  BOOST_TEST(u.present);
  BOOST_TEST(u.uri == "https://repo.example/apt");
  BOOST_TEST(u.login == "token");
  BOOST_TEST(u.password.empty());
}

BOOST_AUTO_TEST_CASE(the_last_at_of_the_authority_ends_it) {
  BOOST_TEST(without_userinfo("http://a@b:p@w@repo.example/x@y") == "http://repo.example/x@y");
  BOOST_TEST(split_userinfo("http://a@b:p@w@repo.example/x").login == "a@b");
  BOOST_TEST(split_userinfo("http://a@b:p@w@repo.example/x").password == "p@w");
}

BOOST_AUTO_TEST_CASE(uris_without_userinfo_are_left_alone) {
  for (const char* uri : {"http://repo.example/debian/", "file:///srv/repo/", "https://repo.example/a@b",
                          "https://repo.example?x=a@b", "http://[::1]:8080/d/", "not a uri @ all", "file:/srv@x"}) {
    UriUserinfo u = split_userinfo(uri);
    BOOST_TEST(!u.present, uri);
    BOOST_TEST(u.uri == uri);
  }
}

BOOST_AUTO_TEST_CASE(origins_compare_scheme_host_and_port) {
  BOOST_TEST(url_origin("https://Registry.Example/v2/") == "https://registry.example:443");
  BOOST_TEST(url_origin("http://127.0.0.1:5000/v2/x?y") == "http://127.0.0.1:5000");
  BOOST_TEST(url_origin("HTTP://repo.example") == "http://repo.example:80");
  BOOST_TEST(url_origin("https://repo.example:443/") == url_origin("https://repo.example/"));
  BOOST_TEST(url_origin("https://repo.example/") != url_origin("http://repo.example:443/"));
  BOOST_TEST(url_origin("https://u:p@repo.example/") == "https://repo.example:443");
  BOOST_TEST(url_origin("file:///srv/repo/").empty());
  BOOST_TEST(url_origin("/v2/relative").empty());
}

BOOST_AUTO_TEST_SUITE_END()
