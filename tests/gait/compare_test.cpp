// Comparisons align runs by gait percent and report changes from the first.
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/gait/compare.hpp"

using namespace patella;

namespace {
// a synthetic run: lateral shift 5 + sin(2 pi p) mm, PF force 2 + p BW (body weight 600 N)
GaitResult synthetic(int frames, double offset_mm) {
  GaitResult r;
  r.body_mass = 600.0 / 9.80665;
  for (int k = 0; k < frames; ++k) {
    GaitFrame f;
    f.gait_percent = 100.0 * k / (frames - 1);
    const double p = f.gait_percent / 100.0;
    f.pf[5] = (5.0 + offset_mm + std::sin(2 * M_PI * p)) * 1e-3;
    f.contact.force = Vec3(0, (2.0 + p) * 600.0, 0);
    f.report.converged = true;
    r.frames.push_back(f);
  }
  return r;
}
}  // namespace

TEST_CASE("Compare: runs with different frame counts align by gait percent", "[gait][compare]") {
  const GaitResult a = synthetic(101, 0.0), b = synthetic(41, 0.5);
  const Comparison c = compare_results({"a", "b"}, {&a, &b});
  REQUIRE(c.gait_percent.size() == 101);
  const AlignedChannel& shift = c.channels[0];
  REQUIRE(shift.name == "lateral_shift");
  for (std::size_t k = 0; k < c.gait_percent.size(); ++k) {
    const double p = c.gait_percent[k] / 100.0;
    CHECK(shift.curve[0][k] == Approx(5.0 + std::sin(2 * M_PI * p)).margin(1e-9));
    // b has 2.5 % spacing: linear interpolation of a sine, error <= (2 pi)^2 / 8 * 0.025^2 mm
    CHECK(shift.curve[1][k] - shift.curve[0][k] == Approx(0.5).margin(0.004));
  }
  // the table: peak shift 6 vs 6.5 mm, peak force 3 BW in both
  CHECK(c.metrics[0].name == "peak lateral shift");
  CHECK(c.metrics[0].value[0] == Approx(6.0).margin(1e-3));
  CHECK(c.metrics[0].value[1] == Approx(6.5).margin(1e-2));
  CHECK(c.metrics[4].name == "peak PF contact force");
  CHECK(c.metrics[4].value[1] == Approx(c.metrics[4].value[0]));
  CHECK_THROWS(compare_results({"a"}, {&a}));
}
