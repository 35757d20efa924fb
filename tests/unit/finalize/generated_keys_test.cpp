// remove_generated_keys (finalize/generated_keys.h): SSH host keys, the
// snakeoil key and certificate and the hash links to it go; everything
// else stays, and a hostile tree's symlinks lead nowhere outside it.
#include "finalize/generated_keys.h"

#include <boost/test/unit_test.hpp>

#include "tree_fixture.h"

using namespace debimg;
using debimg::test::TreeFixture;

BOOST_AUTO_TEST_SUITE(generated_keys)

BOOST_AUTO_TEST_CASE(generated_secrets_go_and_the_rest_stays) {
  TreeFixture t;
  for (const char* k : {"ssh_host_ed25519_key", "ssh_host_ed25519_key.pub", "ssh_host_rsa_key", "ssh_host_rsa_key.pub"})
    t.put(std::string("etc/ssh/") + k);
  t.put("etc/ssh/sshd_config");
  t.put("etc/ssh/moduli");
  t.put("etc/ssl/private/ssl-cert-snakeoil.key");
  t.put("etc/ssl/certs/ssl-cert-snakeoil.pem");
  t.link("etc/ssl/certs/a1b2c3d4.0", "ssl-cert-snakeoil.pem");
  t.put("usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt");
  t.link("etc/ssl/certs/ISRG_Root_X1.pem", "/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt");
  t.link("etc/ssl/certs/4042bcee.0", "ISRG_Root_X1.pem");

  const std::vector<std::string> removed = remove_generated_keys(t.root.get());
  BOOST_TEST((removed == std::vector<std::string>{"/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_ed25519_key.pub",
                                                  "/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_rsa_key.pub",
                                                  "/etc/ssl/certs/a1b2c3d4.0", "/etc/ssl/certs/ssl-cert-snakeoil.pem",
                                                  "/etc/ssl/private/ssl-cert-snakeoil.key"}));
  const auto left = t.listing();
  for (const char* kept : {"etc/ssh/sshd_config", "etc/ssh/moduli", "etc/ssl/certs/ISRG_Root_X1.pem",
                           "etc/ssl/certs/4042bcee.0", "usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt"})
    BOOST_TEST(left.count(kept) == 1u, kept);
  BOOST_TEST(left.count("etc/ssh/ssh_host_rsa_key") == 0u);
  BOOST_TEST(remove_generated_keys(t.root.get()).empty());  // nothing left to remove
}

BOOST_AUTO_TEST_CASE(a_hostile_tree_leads_nowhere_outside) {
  TreeFixture t;
  TreeFixture::put_at(t.outside, "ssh/ssh_host_ed25519_key");
  TreeFixture::put_at(t.outside, "private/ssl-cert-snakeoil.key");
  t.link("etc/ssh", t.outside / "ssh");                 // absolute: resolved inside the tree, where it is not
  t.link("etc/ssl/private", "../../../outside/private");  // relative: cannot climb out of the root
  t.dir("etc/ssl/certs/ssl-cert-snakeoil.pem");           // a folder by that name is not a key
  BOOST_TEST(remove_generated_keys(t.root.get()).empty());
  BOOST_TEST(TreeFixture::listing(t.outside).size() == 4u);  // ssh, its key, private, its key
}

BOOST_AUTO_TEST_SUITE_END()
