// Muscle what-ifs (PHYSICS.md 8): a taut band adds the passive force it specifies and takes its
// share of the active force; release takes it back; weakness scales F0.
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/muscle/millard_curves.hpp"
#include "patella/muscle/muscle_edit.hpp"

using namespace patella;

namespace {
// vastus lateralis-like parameters
RigidTendonMuscleParams params() {
  RigidTendonMuscleParams p;
  p.max_isometric_force = 1871.0;
  p.optimal_fiber_length = 0.0994;
  p.tendon_slack_length = 0.13;
  p.pennation_angle_at_optimal = 0.0872665;
  return p;
}
}  // namespace

TEST_CASE("Muscle edits: a taut band adds f F0 s fPE(l/(1-c)) and removes f of the active force",
          "[muscle]") {
  const MillardCurves curves = build_millard_curves(MillardCurveParams{});
  const RigidTendonMuscleParams p = params();
  for (double lMT : {0.22, 0.235, 0.25}) {  // fibres from about optimal to stretched
    const RigidTendonState s = rigid_tendon_state(curves, lMT, 0.0, p);
    MuscleEdit e;
    e.taut_band = {0.1, 0.05, 2.0};
    const RigidTendonState t = apply_muscle_edit(s, curves, p, e);
    const double band = 0.1 * p.max_isometric_force * 2.0 *
                        curves.fiber_force_length.value(s.norm_fiber_length / 0.95) * s.cos_pennation;
    INFO("lMT " << lMT << " m, normalised fibre length " << s.norm_fiber_length);
    CHECK(t.passive_force == Approx(s.passive_force + band).epsilon(1e-12));
    CHECK(t.active_coeff == Approx(0.9 * s.active_coeff).epsilon(1e-12));
    CHECK(t.passive_force >= s.passive_force);
  }
  // stretched, the band pulls earlier and harder than the same fibres without contracture
  const RigidTendonState s = rigid_tendon_state(curves, 0.245, 0.0, p);
  MuscleEdit with_c, without_c;
  with_c.taut_band = {0.1, 0.1, 2.0};
  without_c.taut_band = {0.1, 0.0, 2.0};
  CHECK(taut_band_force(s, curves, p, with_c) > taut_band_force(s, curves, p, without_c));
  CHECK(taut_band_force(s, curves, p, without_c) > 0.0);
}

TEST_CASE("Muscle edits: release lowers the band's force and a full release removes it",
          "[muscle]") {
  const MillardCurves curves = build_millard_curves(MillardCurveParams{});
  const RigidTendonMuscleParams p = params();
  const RigidTendonState s = rigid_tendon_state(curves, 0.245, 0.0, p);
  MuscleEdit e;
  e.taut_band = {0.15, 0.08, 2.0};
  double previous = taut_band_force(s, curves, p, e);
  REQUIRE(previous > 0.0);
  for (double r : {0.05, 0.12, 0.5, 1.0}) {
    e.release = r;
    const double F = taut_band_force(s, curves, p, e);
    CHECK(F < previous);
    previous = F;
  }
  CHECK(previous == 0.0);
  const RigidTendonState full = apply_muscle_edit(s, curves, p, e);
  CHECK(full.passive_force == s.passive_force);
  CHECK(full.active_coeff == s.active_coeff);
}

TEST_CASE("Muscle edits: weakness scales active and passive force", "[muscle]") {
  const MillardCurves curves = build_millard_curves(MillardCurveParams{});
  const RigidTendonMuscleParams p = params();
  const RigidTendonState s = rigid_tendon_state(curves, 0.245, 0.0, p);
  MuscleEdit e;
  e.strength_scale = 0.8;
  const RigidTendonState w = apply_muscle_edit(s, curves, p, e);
  CHECK(w.active_coeff == Approx(0.8 * s.active_coeff));
  CHECK(w.passive_force == Approx(0.8 * s.passive_force));
}

TEST_CASE("Muscle edits: passive tightness moves the passive curve or the tendon slack length",
          "[muscle]") {
  const MillardCurves curves = build_millard_curves(MillardCurveParams{});
  const RigidTendonMuscleParams p = params();
  const RigidTendonState s = rigid_tendon_state(curves, 0.235, 0.0, p);
  // curve shift: P = F0 fPE(l~ + shift) cos(alpha); the active part is untouched
  MuscleEdit shift;
  shift.passive_curve_shift = 0.05;
  const RigidTendonState t = apply_muscle_edit(s, curves, p, shift);
  CHECK(t.passive_force == Approx(p.max_isometric_force *
                                  curves.fiber_force_length.value(s.norm_fiber_length + 0.05) *
                                  s.cos_pennation).epsilon(1e-12));
  CHECK(t.passive_force > s.passive_force);
  CHECK(t.active_coeff == s.active_coeff);
  // tendon slack change: a 3 % shorter tendon gives the fibre 0.03 l_Ts more length
  MuscleEdit slack;
  slack.tendon_slack_change = -0.03;
  const RigidTendonMuscleParams q = tightened_params(p, slack);
  CHECK(q.tendon_slack_length == Approx(0.97 * p.tendon_slack_length).epsilon(1e-15));
  const RigidTendonState u = rigid_tendon_state(curves, 0.235, 0.0, q);
  CHECK(u.fiber_length * u.cos_pennation ==
        Approx(s.fiber_length * s.cos_pennation + 0.03 * p.tendon_slack_length).epsilon(1e-9));
  CHECK(u.passive_force > s.passive_force);
  CHECK(tightened_params(p, MuscleEdit{}).tendon_slack_length == p.tendon_slack_length);
}
