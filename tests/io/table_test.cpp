#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "patella/core/error.hpp"
#include "patella/io/table.hpp"

#include "support/temp_files.hpp"
using patella::test::temp_left;

using namespace patella;
namespace fs = std::filesystem;

namespace {
const std::string kReference = std::string(PATELLA_MODELS_DIR) + "/lenhart2015/reference/";

fs::path temp_dir() {
  const fs::path dir = fs::temp_directory_path() / "patella_table_test";
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string sto_error(const std::string& name, const std::string& text) {
  const std::string path = (temp_dir() / name).string();
  std::ofstream(path) << text;
  try {
    read_sto(path);
  } catch (const IoError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("read_sto reads an OpenSim states file", "[io][table]") {
  const Table t = read_sto(kReference + "passive_flexion_states.sto");
  CHECK(t.rows.size() == 251);
  CHECK(t.columns.size() == 105);
  CHECK(t.columns[0] == "time");
  CHECK_FALSE(t.in_degrees);
  const std::size_t c = t.column("pf_tz_r");
  CHECK(t.columns[c] == "/jointset/pf_r/pf_tz_r/value");
  CHECK(t.column("/jointset/pf_r/pf_tz_r/value") == c);
  CHECK(t.values("pf_tz_r").front() == Approx(0.004));
  CHECK(t.values("time").back() == Approx(2.5));
  CHECK_THROWS_AS(t.column("no_such_coordinate"), IoError);
  CHECK_THROWS_WITH(t.column("no_such_coordinate"),
                    Catch::Contains("passive_flexion_states.sto") && Catch::Contains("no_such_coordinate"));
}

TEST_CASE("read_sto reads the MRI transform table and small headers", "[io][table]") {
  // The header says nRows=48, but the file has 60 rows: we read to the end, as OpenSim does.
  const Table mri = read_sto(kReference + "dynamic_mri_passive_body_transformations.sto");
  CHECK(mri.columns.size() == 49);
  CHECK(mri.rows.size() == 60);
  CHECK(mri.values("femur_distal_r_T44").front() == 1.0);

  const Table pc = read_sto(kReference + "passive_flexion_prescribed_coordinates.sto");
  CHECK(pc.columns == std::vector<std::string>{"time", "knee_flex_r", "pelvis_tilt"});
  CHECK(pc.values("pelvis_tilt").front() == 90.0);

  // Version-1 style, space separated, inDegrees=yes.
  const std::string path = (temp_dir() / "v1.mot").string();
  std::ofstream(path) << "motion\nversion=1\nnRows=2\nnColumns=2\ninDegrees=yes\nendheader\n"
                         "time knee_angle\n0 10\n0.5   20\n\n";
  const Table v1 = read_sto(path);
  CHECK(v1.in_degrees);
  CHECK(v1.rows.size() == 2);
  CHECK(v1.values("knee_angle")[1] == 20.0);
}

TEST_CASE("read_sto reports bad files with file and line", "[io][table]") {
  CHECK_THROWS_WITH(read_sto((temp_dir() / "missing.sto").string()), Catch::Contains("missing.sto"));
  CHECK_THAT(sto_error("noend.sto", "version=1\ntime\ta\n0\t1\n"),
             Catch::Contains("noend.sto") && Catch::Contains("endheader"));
  CHECK_THAT(sto_error("badnum.sto", "endheader\ntime\ta\n0\t1\n1\t0.0x5\n"),
             Catch::Contains("badnum.sto:4:") && Catch::Contains("'0.0x5' in column 2 ('a')"));
  // a folder used to read as an empty file ("no 'endheader' line"), or throw "Is a directory"
  fs::create_directories(temp_dir() / "folder.mot");
  CHECK_THROWS_WITH(read_sto((temp_dir() / "folder.mot").string()),
                    Catch::Contains("folder.mot") && Catch::Contains("it is a folder"));
  CHECK_THAT(sto_error("short.sto", "endheader\ntime\ta\n0\t1\n1\n"), Catch::Contains("short.sto:4:"));
  CHECK_THAT(sto_error("deg.sto", "inDegrees=maybe\nendheader\ntime\n0\n"), Catch::Contains("deg.sto:1:"));
  CHECK_THAT(sto_error("ncol.sto", "nColumns=3\nendheader\ntime\ta\n0\t1\n"), Catch::Contains("ncol.sto:3:"));
  // a repeated column (e.g. two ground_force_2_vy in a GRF .mot) is refused, not read as its first
  CHECK_THAT(sto_error("dup.mot", "endheader\ntime\tground_force_2_vy\tground_force_2_vy\n0\t1\t2\n"),
             Catch::Contains("dup.mot:2:") && Catch::Contains("'ground_force_2_vy' appears twice") &&
                 Catch::Contains("columns 2 and 3"));
}

TEST_CASE("write_file_atomic replaces the file and never leaves a partial one", "[io][table]") {
  const fs::path target = temp_dir() / "out.csv";
  fs::remove(target);
  write_file_atomic(target.string(), "a,b\n1,2\n");
  CHECK(slurp(target.string()) == "a,b\n1,2\n");
  write_file_atomic(target.string(), "replaced\n");
  CHECK(slurp(target.string()) == "replaced\n");
  CHECK_FALSE(temp_left(target));

  // Target in a directory that does not exist: throws naming the path, creates nothing.
  const fs::path bad = temp_dir() / "no_such_dir" / "out.csv";
  CHECK_THROWS_WITH(write_file_atomic(bad.string(), "x"), Catch::Contains(bad.string()));
  CHECK_FALSE(fs::exists(bad.parent_path()));

  // Rename onto a directory fails: the tmp is removed and the directory is untouched.
  const fs::path dir_target = temp_dir() / "a_directory";
  fs::create_directories(dir_target / "inside");
  CHECK_THROWS_AS(write_file_atomic(dir_target.string(), "x"), IoError);
  CHECK(fs::is_directory(dir_target / "inside"));
  CHECK_FALSE(temp_left(dir_target));
}
