// The helpers sections A-C share: interpolation onto the reference curve, the reference's
// clean-up, units and loads.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "patella/validation/passive_flexion.hpp"
#include "patella/validation/reference.hpp"

using namespace patella;
using namespace patella::validation;

TEST_CASE("interp is piecewise linear and holds its end values", "[validation][reference]") {
  const std::vector<double> x{0.0, 1.0, 3.0}, y{10.0, 20.0, 0.0};
  CHECK(interp(x, y, -1.0) == 10.0);
  CHECK(interp(x, y, 0.0) == 10.0);
  CHECK(interp(x, y, 0.25) == Approx(12.5));
  CHECK(interp(x, y, 1.0) == Approx(20.0));
  CHECK(interp(x, y, 2.0) == Approx(10.0));
  CHECK(interp(x, y, 3.0) == 0.0);
  CHECK(interp(x, y, 7.0) == 0.0);
}

namespace {
// a passive-flexion states table: time, knee flexion, the pf_r and knee_r columns (pf_tz = 2 flex)
Table states(const std::vector<double>& time, const std::vector<double>& flex) {
  Table t;
  t.columns = {"time", "knee_flex_r"};
  for (const char* n : kPfNames) t.columns.push_back(std::string(n) + "_r");
  for (const char* n : kTfNames) t.columns.push_back(n);
  for (std::size_t r = 0; r < time.size(); ++r) {
    std::vector<double> row(t.columns.size(), 0.0);
    row[0] = time[r];
    row[1] = flex[r];
    row[2 + 5] = 2 * flex[r];
    row[2 + 6 + 1] = -flex[r];  // knee_rot_r
    t.rows.push_back(row);
  }
  return t;
}
}  // namespace

TEST_CASE("the passive reference drops the settling time and non-increasing flexion",
          "[validation][reference]") {
  // t < 0.5 s settles; 0.6 repeats 0.1 and 0.8 goes back: both dropped
  const PassiveReference ref =
      passive_reference(states({0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, {0.3, 0.2, 0.0, 0.0, 0.1, 0.05, 0.2}));
  REQUIRE(ref.flexion == std::vector<double>{0.0, 0.1, 0.2});
  CHECK(ref.pf[5] == std::vector<double>{0.0, 0.2, 0.4});
  CHECK(ref.tf[1] == std::vector<double>{-0.0, -0.1, -0.2});
}

TEST_CASE("report units and the PCSA split", "[validation][reference]") {
  CHECK(display_value(0, M_PI / 2) == Approx(90.0));
  CHECK(display_value(5, 0.0042) == Approx(4.2));
  CHECK(std::string(display_unit(2)) == "deg");
  CHECK(std::string(display_unit(3)) == "mm");
  // the split itself, heads included, is tested on the real knee in tests/compiler
  CHECK(kQuadricepsPcsaSplit[0] == 0.40);  // vastus lateralis
  CHECK(kQuadricepsPcsaSplit[1] == 0.25);  // vastus medialis
}

TEST_CASE("RMS against the reference interpolates the reference at each row's flexion",
          "[validation][reference]") {
  PassiveReference ref;
  ref.flexion = {0.0, 1.0};
  ref.pf[5] = {0.0, 0.010};  // 10 mm per rad
  std::vector<SweepRow> rows(2);
  rows[0].knee_flexion = 0.5;
  rows[0].pf[5] = 0.008;  // reference 5 mm: 3 mm off
  rows[1].knee_flexion = 1.0;
  rows[1].pf[5] = 0.006;  // reference 10 mm: 4 mm off
  CHECK(rms_against_reference(rows, ref, 5) == Approx(std::sqrt((9.0 + 16.0) / 2)));
}
