// VALIDATION.md section C: directions every build must get right, on the Lenhart 2015 knee
// (and a symmetric synthetic knee). Each compares two equilibria reached the same way
// (run_sweep's continuation from the default pose) that differ in one input only.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "patella/core/conventions.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/compiler/compile.hpp"
#include "support/knee_runs.hpp"
#include "support/real_model.hpp"
#include "support/synthetic_knee.hpp"

using namespace patella;
using test::real_model;
using test::solve_at;
using test::standard_loads;

namespace {

// Resolution of a comparison: equilibria converge to |F| < 1e-3 N against stiffnesses of
// 1e4-1e6 N/m and N m/rad, so solver noise is < 1e-7 m and < 1e-6 rad; a direction must
// exceed 1 um / 1e-4 rad (0.006 deg) / 0.001 of load share to count.
constexpr double kShift = 1e-6, kTilt = 1e-4, kShare = 1e-3;

struct Pair {
  SweepRow base, changed;
};

/// Solved once per angle and shared by the three vastus medialis cases.
const Pair& vastus_medialis_removed(double deg) {
  static std::map<double, Pair> cache;
  if (!cache.count(deg)) {
    KneeLoads without = standard_loads();
    without.quadriceps[1] = 0.0;  // vasmed_r; vaslat, vasint, recfem unchanged
    cache[deg] = {solve_at(real_model(), deg, standard_loads()),
                  solve_at(real_model(), deg, without)};
  }
  const Pair& p = cache[deg];
  REQUIRE(p.base.report.converged);
  REQUIRE(p.changed.report.converged);
  return p;
}

}  // namespace

// Not a test yet: removing vastus medialis does not shift the patella laterally on lenhart2015
// (vasmed_r's last segment pulls slightly laterally; pf_tz falls by 0.07-0.15 mm). This is a
// finding of the model's missing oblique head, reported in docs/validation.md (section C) and
// the README, and the subject of issue 12, which turns it into an ordinary test.

TEST_CASE("removing vastus medialis tilts the patella laterally near extension",
          "[directions][real]") {
  for (double deg : {10.0, 20.0, 30.0}) {
    const Pair& p = vastus_medialis_removed(deg);
    INFO(deg << " deg: lateral tilt " << rad_to_deg(lateral_tilt_from_pf(p.base.pf.data()))
             << " -> " << rad_to_deg(lateral_tilt_from_pf(p.changed.pf.data())) << " deg");
    CHECK(lateral_tilt_from_pf(p.changed.pf.data()) >
          lateral_tilt_from_pf(p.base.pf.data()) + kTilt);
  }
}

TEST_CASE("removing vastus medialis moves load to the lateral facet", "[directions][real]") {
  for (double deg : {10.0, 20.0, 30.0}) {
    const Pair& p = vastus_medialis_removed(deg);
    INFO(deg << " deg: lateral facet share " << p.base.contact.lateral_fraction << " -> "
             << p.changed.contact.lateral_fraction);
    CHECK(p.changed.contact.lateral_fraction > p.base.contact.lateral_fraction + kShare);
  }
}


// Not tests yet: ITB tension changes neither lateral nor medial stability between 30 and 60 deg
// on lenhart2015 (the ITB-patellar link, its slack length set at 0 deg, is slack there). A
// finding reported in docs/validation.md (section C) and the README; issue 12 builds the ITB
// pathway and makes these directions ordinary tests.

TEST_CASE("a more lateral quadriceps line (larger Q angle) shifts the patella laterally",
          "[directions][real]") {
  KneeLoads q = standard_loads();
  q.quadriceps_line_rotation = deg_to_rad(10.0);
  for (double deg : {20.0, 40.0, 60.0}) {
    const SweepRow base = solve_at(real_model(), deg, standard_loads());
    const SweepRow changed = solve_at(real_model(), deg, q);
    REQUIRE(base.report.converged);
    REQUIRE(changed.report.converged);
    INFO(deg << " deg: pf_tz " << base.pf[kPfTz] * 1e3 << " -> " << changed.pf[kPfTz] * 1e3
             << " mm");
    CHECK(lateral_shift_from_pf(changed.pf.data()) >
          lateral_shift_from_pf(base.pf.data()) + kShift);
  }
}

TEST_CASE("femoral internal rotation under the patella (larger Q angle) shifts it laterally",
          "[directions][real]") {
  KneePose rotated;
  rotated.knee_rotation_offset = deg_to_rad(-10.0);  // tibia external = femur internal
  for (double deg : {20.0, 40.0, 60.0}) {
    const SweepRow base = solve_at(real_model(), deg, standard_loads());
    const SweepRow changed = solve_at(real_model(), deg, standard_loads(), rotated);
    REQUIRE(base.report.converged);
    REQUIRE(changed.report.converged);
    INFO(deg << " deg: pf_tz " << base.pf[kPfTz] * 1e3 << " -> " << changed.pf[kPfTz] * 1e3
             << " mm");
    CHECK(lateral_shift_from_pf(changed.pf.data()) >
          lateral_shift_from_pf(base.pf.data()) + kShift);
  }
}

TEST_CASE("a symmetric synthetic knee under a symmetric load does not shift or tilt",
          "[directions][synthetic]") {
  const std::unique_ptr<Model> model = compile(test::synthetic_knee_spec());
  SweepOptions options;
  options.flexion = {0.0, deg_to_rad(30.0), deg_to_rad(60.0)};
  options.loads.quadriceps = {150.0, 150.0, 100.0, 100.0};  // vaslat = vasmed (mirror pair)
  const std::vector<SweepRow> rows = run_sweep(*model, options);
  for (const SweepRow& row : rows) {
    INFO("knee " << rad_to_deg(row.knee_flexion) << " deg: pf_tz " << row.pf[kPfTz]
                 << " m, pf_tilt " << row.pf[kPfTilt] << ", pf_rot " << row.pf[kPfRot] << " rad");
    REQUIRE(row.report.converged);
    // the knee really is loaded and flexing (so the symmetry is not trivial)
    CHECK(row.contact.faces_in_contact > 20);
    CHECK(row.pf[kPfFlex] > row.knee_flexion * 0.5 - deg_to_rad(2.0));
    // tolerances from the brief: a mirror-symmetric problem has a mirror-symmetric solution;
    // what remains is roundoff and solver noise (~1e-8 m, ~1e-9 rad here)
    CHECK(std::abs(row.pf[kPfTz]) < 1e-6);
    CHECK(std::abs(row.pf[kPfTilt]) < 1e-5);
    CHECK(std::abs(row.pf[kPfRot]) < 1e-5);
  }
}
