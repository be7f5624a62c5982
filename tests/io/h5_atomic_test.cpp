// A results file appears complete or not at all: a write that fails midway (an HDF5 error or any
// other exception while the file is being filled) leaves the earlier file as it was and no
// temporary file behind.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "io/h5_atomic.hpp"
#include "patella/core/error.hpp"
#include "support/temp_files.hpp"

using namespace patella;
namespace fs = std::filesystem;

namespace {
std::string bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void fill_table(H5::H5File& file, double value) {
  ColumnTable t;
  t.names = {"lateral_shift_mm"};
  t.units = {"mm"};
  t.columns = {{value, value + 1}};
  H5::Group g = file.createGroup("/gait");
  h5::write_columns(g, t);
}
}  // namespace

TEST_CASE("HDF5 results: a write that fails midway keeps the earlier file and leaves no temporary",
          "[io]") {
  const fs::path dir = fs::temp_directory_path() / "patella_h5_atomic_test";
  fs::create_directories(dir);
  const fs::path target = dir / "run.h5";
  fs::remove(target);
  h5::write_atomic(target.string(), [](H5::H5File& f) { fill_table(f, 1.0); });
  const std::string before = bytes(target);
  REQUIRE_FALSE(before.empty());

  // a simulation error thrown after part of the file was written
  CHECK_THROWS_AS(h5::write_atomic(target.string(),
                                   [](H5::H5File& f) {
                                     fill_table(f, 2.0);
                                     throw SimulationError("did not converge at t = 0.2 s");
                                   }),
                  SimulationError);
  CHECK(bytes(target) == before);
  CHECK_FALSE(patella::test::temp_left(target));

  // an HDF5 error midway (the same dataset twice) becomes an IoError naming the file
  CHECK_THROWS_WITH(h5::write_atomic(target.string(),
                                     [](H5::H5File& f) {
                                       fill_table(f, 3.0);
                                       fill_table(f, 3.0);
                                     }),
                    Catch::Contains(target.string()) && Catch::Contains("cannot write HDF5"));
  CHECK(bytes(target) == before);
  CHECK_FALSE(patella::test::temp_left(target));

  // a complete write replaces it
  h5::write_atomic(target.string(), [](H5::H5File& f) { fill_table(f, 4.0); });
  CHECK(bytes(target) != before);
  CHECK_FALSE(patella::test::temp_left(target));
}
