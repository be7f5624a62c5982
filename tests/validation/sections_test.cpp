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
  CHECK_THAT(md, Contains("| higher step rate lowers peak knee flexion and PF force | see D2 below | lower | yes |"));
}

TEST_CASE("step-rate table: changes at +10 % relative to the preferred rate", "[validation][sections]") {
  StepRate s;
  s.preferred = {46.0, 4.0, 5e6, 400e-6, 2e-3, 0.1};
  s.plus10 = {44.0, 3.5, 4.5e6, 380e-6, 2.5e-3, 0.1};
  s.minus10 = {48.0, 4.4, 5.5e6, 420e-6, 1.5e-3, 0.1};
  const std::string md = step_rate_markdown(s);
  CHECK_THAT(md, Contains("| peak stance knee flexion (deg) | 48.0 | 46.0 | 44.0 | -2.0 deg |"));
  CHECK_THAT(md, Contains("| peak PF contact force (BW) | 4.40 | 4.00 | 3.50 | -12.5 % |"));
  CHECK_THAT(md, Contains("| mean pressure at peak force (MPa) | 5.50 | 5.00 | 4.50 | -10.0 % |"));
  CHECK_THAT(md, Contains("| contact area at peak force (mm2) | 420 | 400 | 380 | -5.0 % |"));
  CHECK_THAT(md, Contains("| lateral shift at peak force (mm) | 1.50 | 2.00 | 2.50 | 0.50 mm |"));
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
