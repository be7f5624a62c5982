#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "patella/core/files.hpp"
#include "support/temp_files.hpp"

TEST_CASE("try_read_file reads a file whole, NUL after its end, and leaves its output alone when "
          "it cannot", "[core]") {
  const std::filesystem::path dir = patella::test::temp_dir("patella_files_test");
  const std::filesystem::path f = dir / "bytes.bin";
  std::string bytes(100000, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 37 % 251);
  patella::test::write_bytes(f, bytes);
  patella::FileBytes b;
  REQUIRE(patella::try_read_file(f.string(), b));
  CHECK(b.view() == bytes);
  CHECK(b.data[b.size] == '\0');

  patella::test::write_bytes(dir / "empty.bin", "");
  patella::FileBytes e;
  REQUIRE(patella::try_read_file((dir / "empty.bin").string(), e));
  CHECK(e.size == 0);
  CHECK(e.data[0] == '\0');

  CHECK_FALSE(patella::try_read_file(dir.string(), b));  // a folder
  CHECK_FALSE(patella::try_read_file((dir / "missing").string(), b));
  CHECK(b.view() == bytes);  // untouched by the failures
}
