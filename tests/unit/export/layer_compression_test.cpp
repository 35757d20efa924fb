#include <boost/test/unit_test.hpp>

#include <zlib.h>
#include <zstd.h>

#include <random>

#include "export/layer_compression.h"

using namespace debimg;

namespace {

// 3 MB of half-compressible bytes: several gzip blocks, several zstd jobs.
std::string sample() {
  std::mt19937 random(7);
  std::string out;
  while (out.size() < 3 << 20) {
    out += "usr/share/doc/package-" + std::to_string(random() % 1000) + "/copyright\n";
    out.push_back(static_cast<char>(random()));
  }
  return out;
}

std::string compress(Compression c, const std::string& input) {
  std::string out;
  auto z = make_layer_compressor(c, [&](const void* d, size_t n) { out.append(static_cast<const char*>(d), n); });
  for (size_t i = 0; i < input.size(); i += 100000) z->write(input.data() + i, std::min<size_t>(100000, input.size() - i));
  z->finish();
  return out;
}

std::string gunzip(const std::string& in) {
  z_stream s{};
  BOOST_REQUIRE(inflateInit2(&s, 16 + MAX_WBITS) == Z_OK);
  std::string out(8 << 20, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  BOOST_TEST(inflate(&s, Z_FINISH) == Z_STREAM_END);
  out.resize(s.total_out);
  inflateEnd(&s);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(layer_compression)

BOOST_AUTO_TEST_CASE(gzip_and_zstd_round_trip_and_repeat_byte_for_byte) {
  const std::string input = sample();
  const std::string gz = compress(Compression::gzip, input);
  BOOST_TEST(gunzip(gz) == input);
  BOOST_TEST(compress(Compression::gzip, input) == gz);

  const std::string zst = compress(Compression::zstd, input);
  std::string back(input.size(), '\0');
  BOOST_TEST(ZSTD_decompress(back.data(), back.size(), zst.data(), zst.size()) == input.size());
  BOOST_TEST(back == input);
  BOOST_TEST(compress(Compression::zstd, input) == zst);
  BOOST_TEST(zst.size() < input.size());
}

BOOST_AUTO_TEST_CASE(media_types_name_the_compression) {
  BOOST_TEST(layer_media_type(Compression::gzip) == "application/vnd.oci.image.layer.v1.tar+gzip");
  BOOST_TEST(layer_media_type(Compression::zstd) == "application/vnd.oci.image.layer.v1.tar+zstd");
}

BOOST_AUTO_TEST_SUITE_END()
