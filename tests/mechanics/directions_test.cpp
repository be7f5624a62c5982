// VALIDATION.md section C: directions every build must get right, on the Lenhart 2015 knee
// (and a symmetric synthetic knee). Each compares two equilibria reached the same way
// (run_sweep's continuation from the default pose) that differ in one input only.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

#include "patella/core/conventions.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
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

/// Solved once per angle at the cadaver rigs' 175 N (five-head split, mechanics/quadriceps_loads)
/// and shared by the VMO cases: the knee with and without the force of `muscle` (the oblique
/// head vmo_r, or the whole vastus medialis vasmed_r).
const Pair& vmo_unloaded(double deg, const std::string& muscle = "vmo_r") {
  static std::map<std::pair<double, std::string>, Pair> cache;
  const std::pair<double, std::string> key{deg, muscle};
  if (!cache.count(key)) {
    const Model& m = real_model();
    KneeLoads base;
    base.quadriceps = quadriceps_split(m, 175.0);
    KneeLoads without = base;
    REQUIRE(set_muscle_force(m, without.quadriceps, muscle, 0.0));
    cache[key] = {solve_at(m, deg, base), solve_at(m, deg, without)};
  }
  const Pair& p = cache[key];
  REQUIRE(p.base.report.converged);
  REQUIRE(p.changed.report.converged);
  return p;
}

/// The 10 mm stability solves at 175 N with the ITB at 0 and 90 N (Merican, Iranpour & Amis
/// 2009's loads).
const Pair& itb_tensioned(double deg) {
  static std::map<double, Pair> cache;
  if (!cache.count(deg)) {
    const Model& m = real_model();
    KneeLoads base;
    base.quadriceps = quadriceps_split(m, 175.0);
    KneeLoads tensioned = base;
    tensioned.itb_tension = 90.0;
    cache[deg] = {solve_at(m, deg, base, KneePose{}, 10e-3), solve_at(m, deg, tensioned, KneePose{}, 10e-3)};
  }
  const Pair& p = cache[deg];
  REQUIRE(p.base.stability_converged);
  REQUIRE(p.changed.stability_converged);
  return p;
}

}  // namespace

TEST_CASE("unloading the VMO shifts the patella laterally near extension", "[directions][real]") {
  for (double deg : {0.0, 15.0, 30.0}) {
    const Pair& p = vmo_unloaded(deg);
    INFO(deg << " deg: pf_tz " << p.base.pf[kPfTz] * 1e3 << " -> " << p.changed.pf[kPfTz] * 1e3 << " mm");
    CHECK(lateral_shift_from_pf(p.changed.pf.data()) > lateral_shift_from_pf(p.base.pf.data()) + kShift);
  }
}

TEST_CASE("unloading the VMO tilts the patella laterally near extension", "[directions][real]") {
  for (double deg : {0.0, 15.0, 30.0}) {
    const Pair& p = vmo_unloaded(deg);
    INFO(deg << " deg: lateral tilt " << rad_to_deg(lateral_tilt_from_pf(p.base.pf.data()))
             << " -> " << rad_to_deg(lateral_tilt_from_pf(p.changed.pf.data())) << " deg");
    CHECK(lateral_tilt_from_pf(p.changed.pf.data()) > lateral_tilt_from_pf(p.base.pf.data()) + kTilt);
  }
}

TEST_CASE("unloading the VMO moves load to the lateral facet", "[directions][real]") {
  for (double deg : {0.0, 15.0, 30.0}) {
    const Pair& p = vmo_unloaded(deg);
    INFO(deg << " deg: lateral facet share " << p.base.contact.lateral_fraction << " -> "
             << p.changed.contact.lateral_fraction);
    CHECK(p.changed.contact.lateral_fraction > p.base.contact.lateral_fraction + kShare);
  }
}

TEST_CASE("removing the whole vastus medialis shifts and tilts the patella laterally near extension",
          "[directions][real]") {
  for (double deg : {0.0, 15.0, 30.0}) {
    const Pair& p = vmo_unloaded(deg, "vasmed_r");
    INFO(deg << " deg: pf_tz " << p.base.pf[kPfTz] * 1e3 << " -> " << p.changed.pf[kPfTz] * 1e3
             << " mm, lateral tilt " << rad_to_deg(lateral_tilt_from_pf(p.base.pf.data())) << " -> "
             << rad_to_deg(lateral_tilt_from_pf(p.changed.pf.data())) << " deg");
    CHECK(lateral_shift_from_pf(p.changed.pf.data()) > lateral_shift_from_pf(p.base.pf.data()) + kShift);
    CHECK(lateral_tilt_from_pf(p.changed.pf.data()) > lateral_tilt_from_pf(p.base.pf.data()) + kTilt);
    CHECK(p.changed.contact.lateral_fraction > p.base.contact.lateral_fraction + kShare);
  }
}

TEST_CASE("ITB tension raises the medial restraint between 30 and 90 deg", "[directions][real]") {
  for (double deg : {30.0, 45.0, 60.0, 90.0}) {
    const Pair& p = itb_tensioned(deg);
    INFO(deg << " deg: force to push 10 mm medially " << p.base.medial_stability << " -> "
             << p.changed.medial_stability << " N");
    CHECK(p.changed.medial_stability > p.base.medial_stability + 0.1);
  }
}

// Not a test yet: ITB tension (0 -> 90 N at 175 N of quadriceps) does not lower the force to push
// the patella 10 mm laterally between 30 and 90 deg on this knee (it raises it by 0.6-2.5 N of
// 230-260 N; Merican, Iranpour & Amis 2009 measured up to -25 %). The iliopatellar bundles run
// from the band's node 35-40 mm posterior of the lateral patellar border and about 13 mm lateral
// of it, with 1-3 % strain: a 10 mm lateral shift slackens them, so the band's pull is gone
// where the push is measured. Reported in docs/validation.md (section C); issue 12 stays open.

TEST_CASE("a more lateral quadriceps line (larger Q angle) shifts the patella laterally",
          "[directions][real]") {
  KneeLoads q = standard_loads(real_model());
  q.quadriceps_line_rotation = deg_to_rad(10.0);
  for (double deg : {20.0, 40.0, 60.0}) {
    const SweepRow base = solve_at(real_model(), deg, standard_loads(real_model()));
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
    const SweepRow base = solve_at(real_model(), deg, standard_loads(real_model()));
    const SweepRow changed = solve_at(real_model(), deg, standard_loads(real_model()), rotated);
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
