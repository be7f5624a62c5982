// Muscle what-ifs (PHYSICS.md 8): a taut band as a contracture (its fibres shortened, stiffer
// and tonically active); release takes it back; weakness scales F0.
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

TEST_CASE("Muscle edits: a taut band is a contracture - its fibres rest at l_opt (1-c), are s times "
          "stiffer and hold a tonic activation", "[muscle]") {
  const MillardCurves curves = build_millard_curves(MillardCurveParams{});
  const RigidTendonMuscleParams p = params();
  const double f = 0.1, c = 0.05, stiff = 2.0, at = 0.05;
  for (double vMT : {0.0, -0.3, 0.2})             // isometric, shortening, lengthening [m/s]
    for (double lMT : {0.22, 0.235, 0.25}) {      // fibres from about optimal to stretched
      const RigidTendonState s = rigid_tendon_state(curves, lMT, vMT, p);
      MuscleEdit e;
      e.taut_band = {f, c, stiff, at};
      const RigidTendonState t = apply_muscle_edit(s, curves, p, e);
      // the formula of muscle_edit.hpp, written out
      const double F0 = p.max_isometric_force, ca = s.cos_pennation, ls = 1.0 - c;
      const double Ab = f * F0 * curves.active_force_length.value(s.norm_fiber_length / ls) *
                        curves.force_velocity.value(s.norm_fiber_velocity / ls) * ca;
      const double Pband = f * F0 * stiff * curves.fiber_force_length.value(s.norm_fiber_length / ls) * ca;
      INFO("lMT " << lMT << " m, vMT " << vMT << " m/s, normalised fibre length " << s.norm_fiber_length);
      CHECK(taut_band_active_coeff(s, curves, p, e) == Approx(Ab).epsilon(1e-12));
      CHECK(taut_band_force(s, curves, p, e) == Approx(Pband).epsilon(1e-12));
      CHECK(t.active_coeff == Approx((1 - f) * s.active_coeff + (1 - at) * Ab).epsilon(1e-12));
      CHECK(t.passive_force == Approx((1 - f) * s.passive_force + at * Ab + Pband).epsilon(1e-12));
      // fully active, the muscle is whole again but for its band fibres' shorter curves
      CHECK(t.active_coeff + t.passive_force ==
            Approx((1 - f) * (s.active_coeff + s.passive_force) + Ab + Pband).epsilon(1e-12));
    }
  // at rest, isometric near optimal fibre length, the band already pulls: its tonic force is
  // a_t f F0 f_L(l/l_s) cos(alpha), with f_L(1/0.95) near 1
  const RigidTendonState s = rigid_tendon_state(curves, 0.2265, 0.0, p);
  REQUIRE(std::abs(s.norm_fiber_length - 1.0) < 0.05);
  MuscleEdit tonic;
  tonic.taut_band = {f, c, stiff, at};
  const RigidTendonState r = apply_muscle_edit(s, curves, p, tonic);
  CHECK(r.passive_force - (1 - f) * s.passive_force > 0.9 * at * f * p.max_isometric_force * s.cos_pennation);
  // without a tonic activation the band's fibres follow the muscle's activation
  MuscleEdit plain;
  plain.taut_band = {f, c, stiff, 0.0};
  const RigidTendonState t = apply_muscle_edit(s, curves, p, plain);
  CHECK(t.active_coeff == Approx((1 - f) * s.active_coeff + taut_band_active_coeff(s, curves, p, plain)));
}

TEST_CASE("Muscle edits: a contracture's stiffened passive force rises with length and with c",
          "[muscle]") {
  const MillardCurves curves = build_millard_curves(MillardCurveParams{});
  const RigidTendonMuscleParams p = params();
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
