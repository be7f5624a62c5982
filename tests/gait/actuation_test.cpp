// The reserve and saturation checks: shares per joint, saturated muscles and the flags compare
// and claims print.
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/gait/actuation.hpp"

using namespace patella;

namespace {
// knee moment 100 sin(pi p) N m with reserve `knee_reserve` sin(pi p); muscle 1's activation
// peaks at `peak_a` mid-cycle, muscle 0 stays at 0.2
GaitResult synthetic(double knee_reserve, double peak_a, int frames = 101) {
  GaitResult r;
  r.muscles = {"m0_r", "m1_r"};
  r.body_mass = 70.0;
  for (int k = 0; k < frames; ++k) {
    GaitFrame f;
    f.gait_percent = 100.0 * k / (frames - 1);
    const double s = std::sin(M_PI * f.gait_percent / 100.0);
    f.tau_id[3] = 100.0 * s;
    f.tau_id[0] = -40.0 * s;
    f.reserve[3] = knee_reserve * s;
    f.activation_so = {0.2, peak_a * s};
    r.frames.push_back(f);
  }
  return r;
}
}  // namespace

TEST_CASE("Actuation: reserve share per joint and the frames where a muscle saturates",
          "[gait][actuation]") {
  const GaitResult r = synthetic(10.0, 1.0);
  const std::vector<ActuationCheck> c = check_actuation(r);
  REQUIRE(c.size() == 1);
  CHECK(c[0].joints[3].peak_reserve == Approx(10.0));
  CHECK(c[0].joints[3].peak_moment == Approx(100.0));
  CHECK(c[0].joints[3].share() == Approx(0.10));
  CHECK(c[0].joints[3].peak_reserve_percent == Approx(50.0));
  CHECK(c[0].joints[0].peak_moment == Approx(40.0));
  CHECK(c[0].joints[0].share() == 0.0);
  CHECK_FALSE(c[0].reserves_small());
  // a = sin(pi p) > 0.95 for p in (0.399, 0.601): frames 40..60
  REQUIRE(c[0].saturated.size() == 1);
  CHECK(c[0].saturated[0].muscle == "m1_r");
  CHECK(c[0].saturated[0].frames == 21);
  CHECK(c[0].saturated[0].first_percent == Approx(40.0));
  CHECK(c[0].saturated[0].last_percent == Approx(60.0));
  CHECK(c[0].saturated_frames == 21);
  CHECK(saturated_muscles(r.frames[50]) == 1);
  CHECK(saturated_muscles(r.frames[10]) == 0);
  const std::string text = format_actuation(c[0], r);
  CHECK(text.find("knee_flex") != std::string::npos);
  CHECK(text.find("NOT SMALL") != std::string::npos);
  CHECK(text.find("m1_r 21 frames") != std::string::npos);

  const ActuationCheck small = check_actuation(synthetic(4.9, 0.9))[0];
  CHECK(small.reserves_small());
  CHECK(small.saturated.empty());
}

TEST_CASE("Actuation: a what-if whose change goes into a reserve or a saturated muscle is flagged",
          "[gait][actuation]") {
  const GaitResult base = synthetic(1.0, 0.5);
  // reserve grows by 3 N m (3 % of 100 N m): not flagged
  CHECK(actuation_flags(base, synthetic(4.0, 0.5)).empty());
  // by 9 N m at 50 %: flagged for the knee, and the scenario's own reserve share (10 %) too
  const std::vector<std::string> f = actuation_flags(base, synthetic(10.0, 0.5, 41));
  REQUIRE(f.size() == 2);
  CHECK(f[0].find("knee_flex reserve changes by up to 9.0 N m (9.0 %") != std::string::npos);
  CHECK(f[1].find("scenario's knee_flex reserve reaches 10.0 %") != std::string::npos);
  // a saturated muscle in the scenario only
  const std::vector<std::string> g = actuation_flags(base, synthetic(1.0, 1.0));
  REQUIRE(g.size() == 1);
  CHECK(g[0].find("m1_r 0 -> 21") != std::string::npos);
  // saturated alike in both runs: no flag
  CHECK(actuation_flags(synthetic(1.0, 1.0), synthetic(1.0, 1.0)).empty());
}
