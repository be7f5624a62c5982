// Sections' text from hand-made results, and the gait peaks, without running a simulation.
#include <catch2/catch.hpp>

#include <string>

#include "patella/validation/contact_area.hpp"
#include "patella/validation/directions.hpp"
#include "patella/validation/gait_cycle.hpp"

using namespace patella;
using namespace patella::validation;
using Catch::Matchers::Contains;

TEST_CASE("contact area table: Besier's value, ours and the differences", "[validation][sections]") {
  const std::string md = contact_area_markdown({{0, 210, 250.4, 300.6}, {30, 414, 400.0, 500.0}});
  CHECK_THAT(md, Contains("| knee flexion (deg) | Besier 2005 (mm2) | ours, 250 N (mm2) | diff (mm2) | "
                          "ours, 500 N (mm2) | diff (mm2) |\n|---|---|---|---|---|---|\n"));
  CHECK_THAT(md, Contains("| 0 | 210 | 250 | 40 | 301 | 91 |\n| 30 | 414 | 400 | -14 | 500 | 86 |\n\n"));
}

TEST_CASE("directions table: a check that fails says NO", "[validation][sections]") {
  Directions d;
  d.push_shift_mm = {1.0, 1.5, 2.0, 2.0};
  d.push_holds = false;
  d.vastus_medialis.push_back({"vmo_r", 10.0, 0.5, 1.25, 0.012, true});
  d.itb.push_back({60.0, 230.0, 231.0, 70.0, 80.0, false, true});
  const std::string md = directions_markdown(d, true);
  CHECK_THAT(md, Contains("| lateral push 0/20/40/80 N at 30 deg | pf_tz 1.00 / 1.50 / 2.00 / 2.00 mm | "
                          "rises with the push | NO |\n"));
  CHECK_THAT(md, Contains("| VMO unloaded, 175 N, 10 deg | shift 0.50 mm, lateral tilt 1.25 deg, "
                          "lateral facet share 0.012 | all > 0 | yes |\n"));
  CHECK_THAT(md, Contains("| ITB 0 vs 90 N, push for 10 mm, 175 N, 60 deg | lateral 230.0 -> 231.0 N, medial "
                          "70.0 -> 80.0 N | lateral falls, medial rises | lateral NO, medial yes |\n"));
  CHECK_THAT(md, Contains("| higher step rate lowers peak knee flexion, knee extension moment and PF force | see D2 below | lower | yes |"));
}

TEST_CASE("step-rate table: each condition's column, changes from the preferred rate, the exponent sweep",
          "[validation][sections]") {
  auto point = [](double c, double moment, double pf, double pressure, double area) {
    StepRatePoint p;
    p.change = c;
    p.knee_moment = moment;
    p.pf_force_bw = pf;
    p.mean_pressure = pressure;
    p.contact_area = area;
    p.knee_flexion_deg = 46.0 - 20 * c;
    p.impulse_ratio = 1.01;
    return p;
  };
  // given out of order: the table sorts by step rate
  const StepRate s = compare_step_rate(
      {point(0.10, 2.4, 3.5, 4.5e6, 380e-6), point(0.0, 3.0, 4.0, 5e6, 400e-6), point(-0.10, 3.3, 4.4, 5.5e6, 420e-6)},
      {{0.5, 0.10, 0.25, -0.15, -0.2}});
  CHECK(s.holds);
  const std::string md = step_rate_markdown(s);
  CHECK_THAT(md, Contains("| quantity | -10 % | preferred | +10 % | published |"));
  CHECK_THAT(md, Contains("| peak knee extension moment (N m/kg) | 3.30 | 3.00 | 2.40 | 2.7 / 2.7 / 2.5 / 2.4 / 2.2 |"));
  CHECK_THAT(md, Contains("| peak PF contact force (BW) | 4.40 | 4.00 | 3.50 |  |"));
  CHECK_THAT(md, Contains("|   change from preferred (%) | 10.0 | 0.0 | -12.5 | -14 at +10 % (Lenhart et al. 2014) |"));
  CHECK_THAT(md, Contains("|   change from preferred (%) | 10.0 | 0.0 | -10.0 | -10.4 at +10 % (Lenhart et al. 2015) |"));
  CHECK_THAT(md, Contains("| contact area at peak force (mm2) | 420 | 400 | 380 |  |"));
  CHECK_THAT(md, Contains("| vertical impulse / (BW x step time) | 1.010 | 1.010 | 1.010 |"));
  CHECK_THAT(md, Contains("| 0.5 | +10 % | 0.250 | -15.0 | -20.0 |"));
  // a higher rate that raises the PF force does not hold
  const StepRate up = compare_step_rate({point(0.0, 3.0, 4.0, 5e6, 400e-6), point(0.10, 2.4, 4.1, 5e6, 400e-6)}, {});
  CHECK_FALSE(up.holds);
}

TEST_CASE("gait peaks: the largest value up to a gait percent, and where", "[validation][gait]") {
  GaitResult r;
  r.body_mass = 70.0;
  r.muscles = {"vaslat_r", "tfl_r"};
  for (double p : {0.0, 20.0, 40.0, 60.0}) {
    GaitFrame f;
    f.gait_percent = p;
    f.itb_tension = p < 50 ? p : 100 - p;  // 0, 20, 40, 40
    r.frames.push_back(f);
  }
  auto itb = [](const GaitFrame& f) { return f.itb_tension; };
  const GaitPeak all = peak_of(r, itb);
  CHECK(all.value == 40.0);
  CHECK(all.percent == 40.0);  // the first of equal peaks
  CHECK(all.frame == 2);
  const GaitPeak early = peak_of(r, itb, 30.0);
  CHECK(early.value == 20.0);
  CHECK(early.frame == 1);
  CHECK(peak_of(GaitResult{}, itb).frame == -1);
  CHECK(body_weight(r) == Approx(70.0 * 9.80665));
  CHECK(muscle_index(r, "tfl_r") == 1);
  CHECK(muscle_index(r, "absent") == -1);
}
