#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "patella/core/error.hpp"
#include "patella/muscle/millard_curves.hpp"
#include "patella/muscle/rigid_tendon.hpp"
#include "support/code_case.hpp"
#ifdef PATELLA_MODELS_DIR
#include "patella/io/osim_reader.hpp"
#endif

using namespace patella;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// OpenSim's defaults with the damped model's minimum_value 0 (as in the Lenhart .osim).
MillardCurveParams lenhart_params() {
  MillardCurveParams p;
  p.active_force_length.minimum_value = 0.0;
  return p;
}

/// Points where one Bezier segment ends and the next starts, plus the domain ends.
std::vector<double> joints(const SmoothSegmentedCurve& c) {
  std::vector<double> x;
  for (const auto& px : c.control_x()) x.push_back(px[0]);
  x.push_back(c.control_x().back()[5]);
  return x;
}

/// n + 1 evenly spaced points covering the domain and 10% beyond each end.
std::vector<double> samples(const SmoothSegmentedCurve& c, int n = 600) {
  const double lo = c.domain_min(), hi = c.domain_max(), pad = 0.1 * (hi - lo);
  std::vector<double> x;
  for (int i = 0; i <= n; ++i) x.push_back(lo - pad + (hi - lo + 2 * pad) * i / n);
  return x;
}

struct Named {
  std::string name;
  const SmoothSegmentedCurve* curve;
};

std::vector<Named> all(const MillardCurves& c) {
  return {{"active force-length", &c.active_force_length},
          {"force-velocity", &c.force_velocity},
          {"fibre force-length", &c.fiber_force_length},
          {"tendon force-length", &c.tendon_force_length}};
}

}  // namespace

TEST_CASE("Millard curves: active force-length peaks at 1 and sits at minimum_value outside",
          "[millard]") {
  for (double ylow : {0.0, 0.1}) {
    MillardCurveParams p;
    p.active_force_length.minimum_value = ylow;
    const SmoothSegmentedCurve fl = build_millard_curves(p).active_force_length;
    const auto& a = p.active_force_length;
    CHECK_THAT(fl.value(1.0), WithinAbs(1.0, 1e-14));
    CHECK_THAT(fl.derivative(1.0), WithinAbs(0.0, 1e-12));
    CHECK(fl.value(0.99) < 1.0);
    CHECK(fl.value(1.01) < 1.0);
    CHECK(fl.domain_min() == a.min_norm_active_fiber_length);
    CHECK(fl.domain_max() == a.max_norm_active_fiber_length);
    for (double x : {0.0, 0.2, 0.4, a.min_norm_active_fiber_length}) {
      CHECK_THAT(fl.value(x), WithinAbs(ylow, 1e-14));
      CHECK_THAT(fl.derivative(x), WithinAbs(0.0, 1e-12));
    }
    for (double x : {a.max_norm_active_fiber_length, 1.9, 3.0}) {
      CHECK_THAT(fl.value(x), WithinAbs(ylow, 1e-14));
      CHECK_THAT(fl.derivative(x), WithinAbs(0.0, 1e-12));
    }
  }
}

TEST_CASE("Millard curves: active force-length passes through OpenSim's construction points",
          "[millard]") {
  // validation::verify_millard_construction_points (docs/verification.md): the default curves'
  // construction points (active force-length joints and slopes, force-velocity, passive and
  // tendon); the explicit-parameter variants are checked below
  const validation::CodeCase c = validation::verify_millard_construction_points();
  test::check_code_case(c);
  CHECK(c.coverage.at("active force-length joints") == 6);
}

TEST_CASE("Millard curves: force-velocity is 0 at -vmax, 1 isometric, the multiplier at +vmax",
          "[millard]") {
  const MillardCurveParams p = lenhart_params();
  const SmoothSegmentedCurve fv = build_millard_curves(p).force_velocity;
  CHECK_THAT(fv.value(0.0), WithinAbs(1.0, 1e-14));
  CHECK_THAT(fv.derivative(0.0), WithinRel(5.0, 1e-12));  // isometric_slope
  CHECK_THAT(fv.value(-1.0), WithinAbs(0.0, 1e-14));
  CHECK_THAT(fv.value(1.0), WithinAbs(1.4, 1e-14));
  // the joints at +-0.9: y = y_end + (slope_near + slope_at) / 2 * (x - x_end)
  CHECK_THAT(fv.value(-0.9), WithinAbs(0.5 * 0.25 * 0.1, 1e-14));
  CHECK_THAT(fv.derivative(-0.9), WithinRel(0.25, 1e-11));
  CHECK_THAT(fv.value(0.9), WithinAbs(1.4 - 0.5 * 0.15 * 0.1, 1e-14));
  CHECK_THAT(fv.derivative(0.9), WithinRel(0.15, 1e-11));
  // beyond +-vmax: the end slopes (0 here)
  CHECK_THAT(fv.value(-1.5), WithinAbs(0.0, 1e-14));
  CHECK_THAT(fv.value(2.0), WithinAbs(1.4, 1e-14));
  CHECK(fv.derivative(-1.5) == 0.0);
  CHECK(fv.derivative(2.0) == 0.0);

  // non-zero end slopes extrapolate linearly
  MillardCurveParams q = p;
  q.force_velocity.concentric_slope_at_vmax = 0.1;
  q.force_velocity.eccentric_slope_at_vmax = 0.05;
  const SmoothSegmentedCurve fv2 = build_millard_curves(q).force_velocity;
  CHECK_THAT(fv2.value(-1.2), WithinAbs(-0.1 * 0.2, 1e-14));
  CHECK_THAT(fv2.value(1.3), WithinAbs(1.4 + 0.05 * 0.3, 1e-14));
  CHECK(fv2.derivative(-1.2) == 0.1);
  CHECK(fv2.derivative(1.3) == 0.05);
}

TEST_CASE("Millard curves: passive fibre force is 0 at 1 + e0 and 1 at 1 + e1", "[millard]") {
  MillardCurveParams p = lenhart_params();
  {
    const SmoothSegmentedCurve fpe = build_millard_curves(p).fiber_force_length;
    CHECK_THAT(fpe.value(1.0), WithinAbs(0.0, 1e-15));
    CHECK_THAT(fpe.derivative(1.0), WithinAbs(0.0, 1e-12));
    CHECK(fpe.value(0.8) == 0.0);
    CHECK_THAT(fpe.value(1.7), WithinAbs(1.0, 1e-14));
    // fitted stiffness 2 / (e1 - e0) at 1 + e1 and linear beyond
    CHECK_THAT(fpe.derivative(1.7), WithinRel(2.0 / 0.7, 1e-11));
    CHECK_THAT(fpe.value(1.9), WithinRel(1.0 + 0.2 * 2.0 / 0.7, 1e-13));
    // fitted kLow 0.2 at the low joint x = 1 + min(0.1 / kIso, 0.1 (e1 - e0))
    const double xLow = 1.0 + std::min(0.1 * 0.7 / 2.0, 0.07);
    CHECK_THAT(fpe.derivative(xLow), WithinRel(0.2, 1e-10));
    CHECK_THAT(fpe.value(xLow), WithinAbs(0.2 * 0.5 * (xLow - 1.0), 1e-14));
  }
  // explicit optional properties and a shifted strain at zero force
  auto& f = p.fiber_force_length;
  f.strain_at_zero_force = 0.1;
  f.strain_at_one_norm_force = 0.6;
  f.stiffness_at_low_force = 0.5;
  f.stiffness_at_one_norm_force = 4.0;
  f.curviness = 0.3;
  const SmoothSegmentedCurve fpe = build_millard_curves(p).fiber_force_length;
  CHECK_THAT(fpe.value(1.1), WithinAbs(0.0, 1e-15));
  CHECK(fpe.value(1.05) == 0.0);
  CHECK_THAT(fpe.value(1.6), WithinAbs(1.0, 1e-14));
  CHECK_THAT(fpe.derivative(1.6), WithinRel(4.0, 1e-11));
  CHECK_THAT(fpe.value(1.7), WithinRel(1.4, 1e-13));
}

TEST_CASE("Millard curves: tendon force is 1 at 1 + strain_at_one_norm_force", "[millard]") {
  const MillardCurveParams p = lenhart_params();
  const SmoothSegmentedCurve ft = build_millard_curves(p).tendon_force_length;
  const double e = 0.049, k = 1.375 / e;  // fitted stiffness
  CHECK_THAT(ft.value(1.0 + e), WithinAbs(1.0, 1e-13));
  CHECK_THAT(ft.derivative(1.0 + e), WithinRel(k, 1e-12));
  CHECK(ft.value(1.0) == 0.0);
  CHECK(ft.value(0.95) == 0.0);
  CHECK(ft.derivative(0.95) == 0.0);
  // the toe ends at the fitted norm_force_at_toe_end 2/3, on the line through (1 + e, 1)
  const double x_toe = (2.0 / 3.0 - 1.0) / k + 1.0 + e;
  CHECK_THAT(ft.domain_max(), WithinAbs(x_toe, 1e-15));
  CHECK_THAT(ft.value(x_toe), WithinAbs(2.0 / 3.0, 1e-14));
  CHECK_THAT(ft.derivative(x_toe), WithinRel(k, 1e-11));
  CHECK_THAT(ft.value(1.06), WithinRel(1.0 + k * (0.06 - e), 1e-12));

  // explicit properties
  MillardCurveParams q = p;
  q.tendon_force_length.strain_at_one_norm_force = 0.04;
  q.tendon_force_length.stiffness_at_one_norm_force = 40.0;
  q.tendon_force_length.norm_force_at_toe_end = 0.5;
  q.tendon_force_length.curviness = 0.8;
  const SmoothSegmentedCurve ft2 = build_millard_curves(q).tendon_force_length;
  CHECK_THAT(ft2.value(1.04), WithinAbs(1.0, 1e-13));
  CHECK_THAT(ft2.derivative(1.04), WithinRel(40.0, 1e-12));
  CHECK_THAT(ft2.value(1.0 + 0.04 - 0.5 / 40.0), WithinAbs(0.5, 1e-14));
}

TEST_CASE("Millard curves: derivatives match central differences everywhere", "[millard]") {
  // validation::verify_millard_derivatives: 4 curves x 2 parameter sets x 998 points
  const validation::CodeCase c = validation::verify_millard_derivatives();
  test::check_code_case(c);
  CHECK(c.samples == 8 * 998);
}

TEST_CASE("Millard curves: value and slope are continuous across segment joints", "[millard]") {
  const MillardCurves curves = build_millard_curves(lenhart_params());
  for (const Named& n : all(curves)) {
    const SmoothSegmentedCurve& c = *n.curve;
    for (double xj : joints(c)) {
      INFO(n.name << " at joint x = " << xj);
      const double d = 1e-10;
      CHECK_THAT(c.value(xj - d), WithinAbs(c.value(xj), 1e-8));
      CHECK_THAT(c.value(xj + d), WithinAbs(c.value(xj), 1e-8));
      const double slope_scale = std::max(1.0, std::abs(c.derivative(xj)));
      CHECK_THAT(c.derivative(xj - d), WithinAbs(c.derivative(xj), 1e-6 * slope_scale));
      CHECK_THAT(c.derivative(xj + d), WithinAbs(c.derivative(xj), 1e-6 * slope_scale));
    }
  }
}

TEST_CASE("Millard curves: monotone where OpenSim's are", "[millard]") {
  const MillardCurves curves = build_millard_curves(lenhart_params());
  // force-velocity, passive fibre and tendon: non-decreasing everywhere
  for (const SmoothSegmentedCurve* c :
       {&curves.force_velocity, &curves.fiber_force_length, &curves.tendon_force_length}) {
    const std::vector<double> x = samples(*c, 2000);
    for (std::size_t i = 1; i < x.size(); ++i) {
      CHECK(c->value(x[i]) >= c->value(x[i - 1]) - 1e-15);
      CHECK(c->derivative(x[i]) >= -1e-12);
    }
  }
  // active force-length: rises to 1 at l = l_opt, then falls
  const SmoothSegmentedCurve& fl = curves.active_force_length;
  const std::vector<double> x = samples(fl, 2000);
  for (std::size_t i = 1; i < x.size(); ++i) {
    INFO("x = " << x[i]);
    const double dy = fl.value(x[i]) - fl.value(x[i - 1]);
    if (x[i] <= 1.0) CHECK(dy >= -1e-15);
    if (x[i - 1] >= 1.0) CHECK(dy <= 1e-15);
    CHECK(fl.value(x[i]) <= 1.0 + 1e-15);
    CHECK(fl.value(x[i]) >= -1e-15);
  }
}

TEST_CASE("Millard curves: OpenSim's parameter checks become model errors", "[millard]") {
  MillardCurveParams p = lenhart_params();
  p.fiber_force_length.curviness = 0.5;  // one optional property of three
  CHECK_THROWS_AS(build_millard_curves(p), ModelError);

  p = lenhart_params();
  p.tendon_force_length.stiffness_at_one_norm_force = 10.0;  // < 1 / 0.049
  p.tendon_force_length.norm_force_at_toe_end = 0.5;
  p.tendon_force_length.curviness = 0.5;
  CHECK_THROWS_AS(build_millard_curves(p), ModelError);

  p = lenhart_params();
  p.active_force_length.transition_norm_fiber_length = 0.4;  // below the minimum active length
  CHECK_THROWS_AS(build_millard_curves(p), ModelError);

  p = lenhart_params();
  p.force_velocity.max_eccentric_velocity_force_multiplier = 1.0;
  CHECK_THROWS_AS(build_millard_curves(p), ModelError);

  p = lenhart_params();
  p.force_velocity.concentric_curviness = 1.5;
  CHECK_THROWS_AS(build_millard_curves(p), ModelError);

  // an S-shaped "corner" is rejected as in calcQuinticBezierCornerControlPoints
  // (lines y = 0.1 x and y = 1 + 0.2 (x - 1) meet at x = -8, far outside the chord)
  CHECK_THROWS_AS(quintic_bezier_corner(0, 0, 0.1, 1, 1, 0.2, 0.5), ModelError);
  CHECK_NOTHROW(quintic_bezier_corner(0, 0, 0, 1, 1, 5, 0.5));
}

TEST_CASE("Millard curves: the damped and classic models' parameter updates", "[millard]") {
  MillardCurveParams p;  // OpenSim defaults: minimum_value 0.1
  p.force_velocity.concentric_slope_at_vmax = 0.05;
  const MillardCurveParams damped = millard_adjusted_params(p, false);
  CHECK(damped.active_force_length.minimum_value == 0.0);
  CHECK(damped.force_velocity.concentric_slope_at_vmax == 0.0);
  CHECK(damped.force_velocity.eccentric_slope_at_vmax == 0.0);
  const MillardCurveParams classic = millard_adjusted_params(p, true);
  CHECK(classic.active_force_length.minimum_value == 0.1);
  CHECK(classic.force_velocity.concentric_slope_at_vmax == 0.125);  // 0.5 * 0.25
  CHECK(classic.force_velocity.eccentric_slope_at_vmax == 0.075);   // 0.5 * 0.15
}

TEST_CASE("Millard curves: rigid-tendon fibre geometry and force split", "[millard]") {
  const MillardCurves curves = build_millard_curves(lenhart_params());
  // vastus medialis of the Lenhart 2015 model
  RigidTendonMuscleParams m;
  m.max_isometric_force = 1443.7;
  m.optimal_fiber_length = 0.0890137;
  m.tendon_slack_length = 0.116417;
  m.pennation_angle_at_optimal = 0.516792;
  m.max_contraction_velocity = 10.0;
  const double h = m.optimal_fiber_length * std::sin(m.pennation_angle_at_optimal);

  SECTION("at optimal fibre length: A = F0 cos(alpha0), no passive force") {
    const double lMT = m.tendon_slack_length +
                       m.optimal_fiber_length * std::cos(m.pennation_angle_at_optimal);
    const RigidTendonState s = rigid_tendon_state(curves, lMT, 0.0, m);
    CHECK_FALSE(s.fiber_clamped);
    CHECK_THAT(s.norm_fiber_length, WithinAbs(1.0, 1e-12));
    CHECK_THAT(s.cos_pennation, WithinAbs(std::cos(m.pennation_angle_at_optimal), 1e-12));
    CHECK_THAT(s.active_coeff,
               WithinRel(m.max_isometric_force * std::cos(m.pennation_angle_at_optimal), 1e-10));
    CHECK_THAT(s.passive_force, WithinAbs(0.0, 1e-9));
  }

  SECTION("geometry and the split over lengths and velocities") {
    for (double stretch : {-0.02, 0.0, 0.01, 0.03, 0.06, 0.09}) {
      for (double vMT : {-0.5, -0.1, 0.0, 0.2}) {
        const double lMT = m.tendon_slack_length + m.optimal_fiber_length + stretch;
        INFO("lMT = " << lMT << ", vMT = " << vMT);
        const RigidTendonState s = rigid_tendon_state(curves, lMT, vMT, m);
        REQUIRE_FALSE(s.fiber_clamped);
        const double sin_a = std::sqrt(1.0 - s.cos_pennation * s.cos_pennation);
        CHECK_THAT(s.fiber_length * sin_a, WithinAbs(h, 1e-12));  // fixed width
        CHECK_THAT(s.fiber_length * s.cos_pennation + m.tendon_slack_length,
                   WithinAbs(lMT, 1e-12));  // rigid tendon
        CHECK_THAT(s.norm_fiber_length, WithinRel(s.fiber_length / m.optimal_fiber_length, 1e-14));
        const double vN = vMT * s.cos_pennation / (m.optimal_fiber_length * 10.0);
        CHECK_THAT(s.norm_fiber_velocity, WithinAbs(vN, 1e-14));
        const double F0 = m.max_isometric_force, c = s.cos_pennation;
        const double A = F0 * curves.active_force_length.value(s.norm_fiber_length) *
                         curves.force_velocity.value(vN) * c;
        const double P = F0 * curves.fiber_force_length.value(s.norm_fiber_length) * c;
        CHECK_THAT(s.active_coeff, WithinAbs(A, 1e-9));
        CHECK_THAT(s.passive_force, WithinAbs(P, 1e-9));
        CHECK(s.active_coeff >= 0.0);
        CHECK(s.passive_force >= 0.0);
        // F(a) = a A + P: full activation gives the active plus passive force
        CHECK_THAT(1.0 * s.active_coeff + s.passive_force, WithinAbs(A + P, 1e-9));
        // dA/dlMT and dP/dlMT against central differences at fixed vMT
        const double d = 1e-7;
        const RigidTendonState up = rigid_tendon_state(curves, lMT + d, vMT, m);
        const RigidTendonState dn = rigid_tendon_state(curves, lMT - d, vMT, m);
        CHECK_THAT(s.d_active_coeff_d_length,
                   WithinAbs((up.active_coeff - dn.active_coeff) / (2 * d), 1e-4 * F0 / 0.01));
        CHECK_THAT(s.d_passive_force_d_length,
                   WithinAbs((up.passive_force - dn.passive_force) / (2 * d), 1e-4 * F0 / 0.01));
      }
    }
  }

  SECTION("too short for the fibre: clamped at the minimum length, no force") {
    const double l_min = rigid_tendon_minimum_fiber_length(curves, m);
    // pennation limit h / sin(acos 0.1) exceeds the active limit 0.4441 l_opt for this muscle
    CHECK_THAT(l_min, WithinRel(h / std::sin(std::acos(0.1)), 1e-14));
    CHECK(l_min > 0.4441 * m.optimal_fiber_length);
    // lMT - lTs below l_min cos(alpha_max) = 0.0044 m: the tendon would have to buckle
    for (double lMT : {m.tendon_slack_length - 0.01, m.tendon_slack_length + 0.003}) {
      const RigidTendonState s = rigid_tendon_state(curves, lMT, -0.1, m);
      CHECK(s.fiber_clamped);
      CHECK(s.fiber_length == l_min);
      CHECK(s.active_coeff == 0.0);
      CHECK(s.passive_force == 0.0);
      CHECK(s.norm_fiber_velocity == 0.0);
    }
  }

  SECTION("an unpennate muscle: fibre length is lMT - lTs, cos 1") {
    RigidTendonMuscleParams u = m;
    u.pennation_angle_at_optimal = 0.0;
    const double lMT = u.tendon_slack_length + 1.2 * u.optimal_fiber_length;
    const RigidTendonState s = rigid_tendon_state(curves, lMT, 0.0, u);
    CHECK_THAT(s.fiber_length, WithinAbs(1.2 * u.optimal_fiber_length, 1e-14));
    CHECK(s.cos_pennation == 1.0);
    CHECK_THAT(s.active_coeff,
               WithinRel(u.max_isometric_force * curves.active_force_length.value(1.2), 1e-12));
    // the minimum is the active-curve limit when unpennate; below it the fibre is clamped
    CHECK_THAT(rigid_tendon_minimum_fiber_length(curves, u),
               WithinRel(0.4441 * u.optimal_fiber_length, 1e-14));
    const RigidTendonState short_fibre =
        rigid_tendon_state(curves, u.tendon_slack_length + 0.4 * u.optimal_fiber_length, 0.0, u);
    CHECK(short_fibre.fiber_clamped);
    CHECK_THAT(short_fibre.fiber_length, WithinRel(0.4441 * u.optimal_fiber_length, 1e-14));
    CHECK(short_fibre.active_coeff == 0.0);
    // just above it, a lengthening fibre is free and a shortening one is not clamped either
    const RigidTendonState free_fibre =
        rigid_tendon_state(curves, u.tendon_slack_length + 0.45 * u.optimal_fiber_length, -0.1, u);
    CHECK_FALSE(free_fibre.fiber_clamped);
    CHECK(free_fibre.active_coeff > 0.0);
  }

  SECTION("bad parameters are rejected") {
    // project error types (exit 1 with a message), never an internal std::invalid_argument
    RigidTendonMuscleParams bad = m;
    bad.optimal_fiber_length = 0.0;
    CHECK_THROWS_AS(rigid_tendon_state(curves, 0.2, 0.0, bad), patella::ModelError);
    CHECK_THROWS_WITH(rigid_tendon_state(curves, 0.2, 0.0, bad),
                      Catch::Matchers::Contains("optimal_fiber_length = 0"));
    CHECK_THROWS_AS(rigid_tendon_state(curves, std::nan(""), 0.0, m), patella::SimulationError);
    CHECK_THROWS_AS(rigid_tendon_state(curves, 0.2, std::numeric_limits<double>::infinity(), m), patella::SimulationError);
  }
}

#ifdef PATELLA_MODELS_DIR
TEST_CASE("Millard curves: the Lenhart 2015 muscles read and build their curves", "[millard]") {
  const ModelSpec spec = read_osim(PATELLA_MODELS_DIR "/lenhart2015/model/lenhart2015.osim");
  REQUIRE(spec.muscles.size() == 44);
  for (const MuscleSpec& m : spec.muscles) {
    INFO(m.name);
    const MillardCurveParams& c = m.curves;
    CHECK(c.active_force_length.minimum_value == 0.0);          // set in the file
    CHECK(c.active_force_length.max_norm_active_fiber_length == 1.8123);  // default
    CHECK(c.force_velocity.eccentric_slope_near_vmax == Approx(0.15));
    CHECK(c.force_velocity.max_eccentric_velocity_force_multiplier == Approx(1.4));
    CHECK(std::isnan(c.fiber_force_length.curviness));            // fitted
    CHECK(c.tendon_force_length.strain_at_one_norm_force == 0.049);
    CHECK_NOTHROW(build_millard_curves(c));
  }
}
#endif

TEST_CASE("Millard curves: corner control points, curviness mapping and fitted defaults",
          "[millard]") {
  // calcQuinticBezierCornerControlPoints: (0,0) slope 0 to (1,1) slope 2 meet at (0.5, 0);
  // the middle points sit a fraction c of the way to that corner.
  const auto p = quintic_bezier_corner(0, 0, 0, 1, 1, 2, 0.5);
  const SmoothSegmentedCurve::Points ex{0, 0.25, 0.25, 0.75, 0.75, 1}, ey{0, 0, 0, 0.5, 0.5, 1};
  for (int i = 0; i < 6; ++i) {
    CHECK_THAT(p[0][i], WithinAbs(ex[i], 1e-15));
    CHECK_THAT(p[1][i], WithinAbs(ey[i], 1e-15));
  }
  CHECK(millard_scale_curviness(0.0) == 0.1);
  CHECK(millard_scale_curviness(1.0) == Approx(0.9));

  // Fitted passive-fibre properties = kLow 0.2, kIso 2 / (e1 - e0), curviness 0.75 (c = 0.7);
  // its upper segment runs from (1 + 0.035, 0.2 * 0.0175) slope 0.2 to (1.7, 1) slope 2 / 0.7.
  MillardCurveParams fitted = lenhart_params();
  MillardCurveParams explicit_ = fitted;
  explicit_.fiber_force_length.stiffness_at_low_force = 0.2;
  explicit_.fiber_force_length.stiffness_at_one_norm_force = 2.0 / 0.7;
  explicit_.fiber_force_length.curviness = 0.75;
  explicit_.tendon_force_length.stiffness_at_one_norm_force = 1.375 / 0.049;
  explicit_.tendon_force_length.norm_force_at_toe_end = 2.0 / 3.0;
  explicit_.tendon_force_length.curviness = 0.5;
  const MillardCurves a = build_millard_curves(fitted), b = build_millard_curves(explicit_);
  CHECK(a.fiber_force_length.control_x() == b.fiber_force_length.control_x());
  CHECK(a.fiber_force_length.control_y() == b.fiber_force_length.control_y());
  CHECK(a.tendon_force_length.control_x() == b.tendon_force_length.control_x());
  CHECK(a.tendon_force_length.control_y() == b.tendon_force_length.control_y());
  const auto upper = quintic_bezier_corner(1.035, 0.2 * 0.0175, 0.2, 1.7, 1.0, 2.0 / 0.7, 0.7);
  for (int i = 0; i < 6; ++i) {
    CHECK_THAT(a.fiber_force_length.control_x()[1][i], WithinAbs(upper[0][i], 1e-15));
    CHECK_THAT(a.fiber_force_length.control_y()[1][i], WithinAbs(upper[1][i], 1e-15));
  }
  // force-velocity: concentric curviness 0.6 -> c = 0.58, eccentric 0.9 -> c = 0.82
  const auto conc = quintic_bezier_corner(-0.9, 0.0125, 0.25, 0.0, 1.0, 5.0, 0.58);
  const auto ecc = quintic_bezier_corner(0.0, 1.0, 5.0, 0.9, 1.3925, 0.15, 0.82);
  for (int i = 0; i < 6; ++i) {
    CHECK_THAT(a.force_velocity.control_x()[1][i], WithinAbs(conc[0][i], 1e-15));
    CHECK_THAT(a.force_velocity.control_y()[1][i], WithinAbs(conc[1][i], 1e-15));
    CHECK_THAT(a.force_velocity.control_x()[2][i], WithinAbs(ecc[0][i], 1e-15));
    CHECK_THAT(a.force_velocity.control_y()[2][i], WithinAbs(ecc[1][i], 1e-15));
  }
}
