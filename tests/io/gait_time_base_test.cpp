// Exports keep the trial's own time base: an OpenSim trial's cycle starts at its t_start, and
// every exported time (CSV, .sto, .mot) adds it so the files line up with the trial's.
#include <catch2/catch.hpp>

#include <filesystem>

#include "patella/io/gait_results.hpp"
#include "patella/io/table.hpp"
#include "support/real_model.hpp"

using namespace patella;
namespace fs = std::filesystem;

TEST_CASE("Exports: CSV, .sto and .mot times are the trial's, the cycle's start added", "[io][time]") {
  GaitResult r;
  r.muscles = {"a_r", "b_r"};
  r.body_mass = 70;
  r.time_offset = 1.263;  // overground_17's right foot strike
  for (int k = 0; k < 3; ++k) {
    GaitFrame f;
    f.time = 0.5 * k;
    f.gait_percent = 50.0 * k;
    f.force = {10.0 * k, 1.0};
    f.activation = {0.1, 0.2};
    f.activation_so = {0.1, 0.2};
    f.reserve = {0, 0, 0, 2.0 * k, 0};
    f.grf.force = Vec3(0, 700.0 * k, 0);
    f.grf.point = Vec3(0.1 * k, 0, 0.2);
    r.frames.push_back(f);
  }
  r.frames[1].report.stalled = true;
  const ColumnTable t = make_gait_table(r);
  const std::size_t st = std::find(t.names.begin(), t.names.end(), "stalled") - t.names.begin();
  REQUIRE(st < t.names.size());
  CHECK(t.columns[st] == std::vector<double>{0, 1, 0});  // the stall rule's frames are marked
  const std::size_t c = std::find(t.names.begin(), t.names.end(), "time_s") - t.names.begin();
  REQUIRE(c < t.names.size());
  CHECK(t.columns[c] == std::vector<double>{1.263, 1.763, 2.263});

  const fs::path dir = fs::temp_directory_path() / "patella_time_base";
  fs::create_directories(dir);
  const std::vector<std::string> files = write_gait_sto((dir / "walk").string(), r, test::real_model());
  REQUIRE(files.size() == 5);
  for (const std::string& f : {files[0], files[1], files[2], files[3]}) {
    INFO(f);
    const Table s = read_sto(f);
    CHECK(s.rows.front()[0] == Approx(1.263));
    CHECK(s.rows.back()[0] == Approx(2.263));
  }
  const Table forces = read_sto(files[0]);
  CHECK(forces.rows[2][forces.column("knee_flex_r_reserve")] == Approx(4.0));
  const Table grf = read_sto(files[3]);
  CHECK(grf.rows[1][grf.column("ground_force_vy")] == Approx(700.0));
  CHECK(grf.rows[2][grf.column("ground_force_px")] == Approx(0.2));
}
