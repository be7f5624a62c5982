#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "patella/core/error.hpp"
#include "patella/core/sha256.hpp"
#include "support/temp_files.hpp"

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[io]") {
  using patella::sha256_hex;
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 of a file, read in 64 KiB pieces, equals the digest of its bytes at every "
          "block and piece boundary", "[io]") {
  const std::filesystem::path dir = patella::test::temp_dir("patella_sha256_test");
  const std::filesystem::path f = dir / "bytes.bin";
  // a million 'a' (FIPS 180-4's long vector) crosses 15 pieces
  patella::test::write_bytes(f, std::string(1000000, 'a'));
  CHECK(patella::sha256_file(f.string()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  for (std::size_t n : {0, 1, 55, 56, 63, 64, 65, 119, 120, 65535, 65536, 65537, 131073}) {
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>((i * 131 + 7) % 256));
    patella::test::write_bytes(f, bytes);
    INFO(n << " bytes");
    CHECK(patella::sha256_file(f.string()) == patella::sha256_hex(bytes));
  }
  CHECK_THROWS_AS(patella::sha256_file(dir.string()), patella::IoError);
  CHECK_THROWS_AS(patella::sha256_file((dir / "missing").string()), patella::IoError);
}
