// Code verification of the force elements without the knee (see verification.hpp): Blankevoort
// ligaments, Millard 2012 and Thelen 2003 muscle curves, cylinder and ellipsoid wrapping.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "patella/mechanics/ligament.hpp"
#include "patella/mechanics/wrap.hpp"
#include "patella/mechanics/wrap_ellipsoid.hpp"
#include "patella/muscle/millard_curves.hpp"
#include "patella/muscle/thelen_curves.hpp"
#include "patella/validation/verification.hpp"

namespace patella::validation {

namespace {

// k = 1000 N per unit strain, l0 = 50 mm, e_t = 0.06 (OpenSim's default transition strain)
const BlankevoortParams kLig{1000.0, 0.05, 0.06};
double length_at(double strain) { return kLig.slack_length * (1.0 + strain); }

// |got - want| / |want|, or |got - want| when want is 0
double rel0(double got, double want) {
  return want == 0.0 ? std::abs(got - want) : std::abs(got - want) / std::abs(want);
}

/// OpenSim's defaults with the damped model's minimum_value 0 (as in the Lenhart .osim).
MillardCurveParams lenhart_params() {
  MillardCurveParams p;
  p.active_force_length.minimum_value = 0.0;
  return p;
}

// a wrap frame not aligned with F, to exercise the frame change
const Transform kX_FW{axis_angle(Vec3(1, 2, 0.5), 0.7), Vec3(0.01, -0.02, 0.03)};

}  // namespace

CodeCase verify_ligament_closed_form() {
  CodeCase c{"ligament (Blankevoort 1991)",
             "closed form per region (Blankevoort & Huiskes 1991, J Biomech Eng 113:263; "
             "OpenSim Blankevoort1991Ligament): 0 when slack, k e^2 / (2 e_t) in the toe, "
             "k (e - e_t / 2) beyond e_t; stiffness 0, k e / (e_t l0), k / l0",
             "force and stiffness at 14 strains from -50 % to 30 % (k 1 kN, l0 50 mm, e_t 0.06)",
             0.0, 1e-12, "relative (absolute [N, N/m] where the reference is 0)", 0,
             "Blankevoort force matches the closed form in each region", {}};
  const double k = kLig.linear_stiffness, et = kLig.transition_strain, l0 = kLig.slack_length;
  auto check = [&](double e, double F, double K) {
    c.error = std::max({c.error, rel0(blankevoort_force(kLig, length_at(e)), F),
                        rel0(blankevoort_stiffness(kLig, length_at(e)), K)});
    c.samples += 2;
  };
  for (double e : {-0.5, -0.01, 0.0}) check(e, 0.0, 0.0);
  for (double e : {0.001, 0.02, 0.03, 0.059}) check(e, k * e * e / (2 * et), k * e / et / l0);
  for (double e : {0.06, 0.061, 0.1, 0.3}) check(e, k * (e - et / 2), k / l0);
  // worked numbers: e = 0.03 -> 1000 * 0.0009 / 0.12 = 7.5 N; e = 0.1 -> 1000 * 0.07 = 70 N
  check(0.03, 7.5, k * 0.03 / et / l0);
  check(0.1, 70.0, k / l0);
  return c;
}

CodeCase verify_ligament_stiffness() {
  CodeCase c{"ligament (Blankevoort 1991)",
             "stiffness vs a central difference of the force (h 0.1 um; exact away from the two "
             "kinks, F being piecewise quadratic and linear)",
             "dF/dl at 401 lengths from 0.9 to 1.2 l0, error / (|dF/dl| + 1 N/m)",
             0.0, 1e-6, "relative", 0, "blankevoort_stiffness equals a central difference of the force", {}};
  // roundoff: ~1e-16 * 100 N / 1e-7 m = 1e-7 N/m against stiffnesses of 1e3-2e4 N/m
  const double h = 1e-7, l0 = kLig.slack_length, et = kLig.transition_strain;
  for (int i = 0; i <= 400; ++i) {
    const double l = l0 * (0.9 + 0.3 * i / 400.0);
    const double e = (l - l0) / l0;
    if (std::abs(e) < 2 * h / l0 || std::abs(e - et) < 2 * h / l0) continue;  // kinks
    const double fd = (blankevoort_force(kLig, l + h) - blankevoort_force(kLig, l - h)) / (2 * h);
    const double an = blankevoort_stiffness(kLig, l);
    c.error = std::max(c.error, std::abs(fd - an) / (std::abs(an) + 1.0));
    ++c.samples;
  }
  return c;
}

CodeCase verify_millard_construction_points() {
  CodeCase c{"muscle curves (Millard 2012)",
             "OpenSim's construction points of the four default curves "
             "(SmoothSegmentedFunctionFactory; Millard et al. 2013, J Biomech Eng 135:021005): "
             "active force-length joints and slopes, force-velocity 0 / 1 / 1.4 at -vmax / 0 / "
             "+vmax, passive 0 at 1 and 1 at 1.7 (slope 2 / 0.7), tendon 1 at 1.049 (slope "
             "1.375 / 0.049) and the toe end at 2/3",
             "value and slope, error / max(1, |reference|)",
             0.0, 1e-11, "relative (absolute below 1)", 0,
             "Millard curves: active force-length passes through OpenSim's construction points", {}};
  const MillardCurves mc = build_millard_curves(lenhart_params());
  std::vector<std::pair<double, double>> pairs;  // (got, reference)
  // active force-length: defaults x0 = 0.4441, x1 = 0.73, x2 = 1, x3 = 1.8123, slope 0.8616,
  // shoulder xs = 0.95, y1 = 1 - 0.8616 (0.95 - 0.73), x01 = (x0 + x1) / 2, x1s = (x1 + xs) / 2,
  // x23 = 1.05 + (1.8123 - 1.05) / 2, descending slope -1 / (1.7623 - 1.05)
  const SmoothSegmentedCurve& fl = mc.active_force_length;
  const double y1 = 1 - 0.8616 * (0.95 - 0.73);
  const double x01 = 0.5 * (0.4441 + 0.73), x1s = 0.5 * (0.73 + 0.95), x23 = 1.05 + 0.5 * (1.8123 - 1.05);
  pairs.insert(pairs.end(), {{fl.value(x01), 0.5 * y1},
                             {fl.derivative(x01), 1.25 * y1 / (0.73 - 0.4441)},
                             {fl.value(x1s), y1 + 0.5 * (1 - y1)},
                             {fl.derivative(x1s), 0.8616},
                             {fl.value(x23), 0.5},
                             {fl.derivative(x23), -1.0 / (1.8123 - 0.05 - 1.05)},
                             {fl.value(1.0), 1.0}});
  // the segment joints are exactly those points
  const std::vector<double> expected{0.4441, x01, x1s, 1.0, x23, 1.8123};
  std::vector<double> joints;
  for (const auto& px : fl.control_x()) joints.push_back(px[0]);
  joints.push_back(fl.control_x().back()[5]);
  c.coverage["active force-length joints"] = static_cast<double>(joints.size());
  for (std::size_t i = 0; i < std::min(joints.size(), expected.size()); ++i)
    pairs.push_back({joints[i], expected[i]});
  // force-velocity: joints at +-0.9: y = y_end + (slope_near + slope_at) / 2 * (x - x_end)
  const SmoothSegmentedCurve& fv = mc.force_velocity;
  pairs.insert(pairs.end(), {{fv.value(0.0), 1.0}, {fv.derivative(0.0), 5.0}, {fv.value(-1.0), 0.0},
                             {fv.value(1.0), 1.4}, {fv.value(-0.9), 0.5 * 0.25 * 0.1},
                             {fv.derivative(-0.9), 0.25}, {fv.value(0.9), 1.4 - 0.5 * 0.15 * 0.1},
                             {fv.derivative(0.9), 0.15}, {fv.value(-1.5), 0.0}, {fv.value(2.0), 1.4}});
  // passive fibre: 0 at 1 + e0, 1 at 1 + e1, fitted stiffness 2 / (e1 - e0) there and linear
  // beyond; fitted kLow 0.2 at x = 1 + min(0.1 / kIso, 0.1 (e1 - e0))
  const SmoothSegmentedCurve& fpe = mc.fiber_force_length;
  const double x_low = 1.0 + std::min(0.1 * 0.7 / 2.0, 0.07);
  pairs.insert(pairs.end(), {{fpe.value(1.0), 0.0}, {fpe.derivative(1.0), 0.0}, {fpe.value(0.8), 0.0},
                             {fpe.value(1.7), 1.0}, {fpe.derivative(1.7), 2.0 / 0.7},
                             {fpe.value(1.9), 1.0 + 0.2 * 2.0 / 0.7}, {fpe.derivative(x_low), 0.2},
                             {fpe.value(x_low), 0.2 * 0.5 * (x_low - 1.0)}});
  // tendon: fitted stiffness 1.375 / e_iso; the toe ends at 2/3 on the line through (1 + e, 1)
  const SmoothSegmentedCurve& ft = mc.tendon_force_length;
  const double e = 0.049, kt = 1.375 / e, x_toe = (2.0 / 3.0 - 1.0) / kt + 1.0 + e;
  pairs.insert(pairs.end(), {{ft.value(1.0 + e), 1.0}, {ft.derivative(1.0 + e), kt}, {ft.value(1.0), 0.0},
                             {ft.value(0.95), 0.0}, {ft.domain_max(), x_toe}, {ft.value(x_toe), 2.0 / 3.0},
                             {ft.derivative(x_toe), kt}, {ft.value(1.06), 1.0 + kt * (0.06 - e)}});
  for (const auto& [got, want] : pairs) {
    c.error = std::max(c.error, std::abs(got - want) / std::max(1.0, std::abs(want)));
    ++c.samples;
  }
  if (joints.size() != expected.size()) c.error = std::max(c.error, 1.0);  // a missing joint fails
  return c;
}

CodeCase verify_millard_derivatives() {
  CodeCase c{"muscle curves (Millard 2012)",
             "analytic slope of the quintic Bezier curves vs central differences (h = 1e-6 of "
             "the domain), the four curves with OpenSim's and the Lenhart .osim's parameters, "
             "over the domain and 10 % beyond each end",
             "dy/dx, error / the curve's largest slope",
             0.0, 1e-6, "relative", 0, "Millard curves: derivatives match central differences everywhere", {}};
  for (const MillardCurveParams& p : {lenhart_params(), MillardCurveParams{}}) {
    const MillardCurves mc = build_millard_curves(p);
    for (const SmoothSegmentedCurve* curve :
         {&mc.active_force_length, &mc.force_velocity, &mc.fiber_force_length, &mc.tendon_force_length}) {
      const double lo = curve->domain_min(), hi = curve->domain_max(), pad = 0.1 * (hi - lo);
      auto sample = [&](int i, int n) { return lo - pad + (hi - lo + 2 * pad) * i / n; };
      double max_slope = 0.0;
      for (int i = 0; i <= 600; ++i) max_slope = std::max(max_slope, std::abs(curve->derivative(sample(i, 600))));
      const double h = 1e-6 * (hi - lo);
      for (int i = 0; i <= 997; ++i) {
        const double x = sample(i, 997);
        const double fd = (curve->value(x + h) - curve->value(x - h)) / (2 * h);
        const SmoothSegmentedCurve::ValueSlope vs = curve->evaluate(x);
        double err = std::abs(curve->derivative(x) - fd) / max_slope;
        // evaluate() must agree with value() and derivative() exactly
        if (vs.value != curve->value(x) || vs.derivative != curve->derivative(x)) err = 1.0;
        c.error = std::max(c.error, err);
        ++c.samples;
      }
    }
  }
  return c;
}

CodeCase verify_thelen_formulas() {
  CodeCase c{"muscle curves (Thelen 2003)",
             "the paper's formulas and worked values (Thelen 2003, J Biomech Eng 125:70): "
             "f_L = exp(-(l - 1)^2 / 0.45), f_L(1.5) = 0.573753, f_PE(1.6) = 1, f_PE(1.3) = "
             "1 / (e^2 + 1), F = F0 (a f_L + f_PE) cos(alpha) with l sin(alpha) = l_opt sin(alpha0)",
             "f_L, f_PE and the isometric tendon force at 14 points",
             0.0, 1e-12, "relative (absolute where the reference is 0)", 0,
             "Thelen 2003 curves match the paper's formulas and worked values", {}};
  auto check = [&](double got, double want) {
    c.error = std::max(c.error, rel0(got, want));
    ++c.samples;
  };
  check(thelen_active_force_length(1.0), 1.0);
  for (double l : {0.5, 0.8, 1.2, 1.5}) check(thelen_active_force_length(l), std::exp(-(l - 1) * (l - 1) / 0.45));
  // the paper's curve at 1.5, to the 6 digits quoted: measured against 5e-7 of slack
  c.error = std::max(c.error, std::max(0.0, std::abs(thelen_active_force_length(1.5) - 0.573753) - 5e-7));
  ++c.samples;
  check(thelen_passive_force_length(0.8), 0.0);
  check(thelen_passive_force_length(1.0), 0.0);
  check(thelen_passive_force_length(1.6), 1.0);  // eps0 = 0.6
  // (exp(4 x 0.3 / 0.6) - 1) / (exp(4) - 1) = (e^2 - 1) / (e^4 - 1) = 1 / (e^2 + 1)
  check(thelen_passive_force_length(1.3), 1.0 / (std::exp(2.0) + 1.0));
  const double F0 = 1000.0, l_opt = 0.1;
  check(thelen_isometric_tendon_force(1.0, F0, l_opt, l_opt, 0.0), F0);
  check(thelen_isometric_tendon_force(0.25, F0, l_opt, l_opt, 0.0), 0.25 * F0);
  check(thelen_isometric_tendon_force(1.0, F0, l_opt, l_opt, 0.3), F0 * std::cos(0.3));
  // stretched 30 %: active and passive add; the fibre thins, so alpha < alpha0
  const double sin_a = std::sin(0.3) / 1.3;
  check(thelen_isometric_tendon_force(0.5, F0, 1.3 * l_opt, l_opt, 0.3),
        F0 * (0.5 * std::exp(-0.09 / 0.45) + 1.0 / (std::exp(2.0) + 1.0)) * std::sqrt(1 - sin_a * sin_a));
  // a very short fibre: sin(alpha) capped at 0.99, the force stays finite
  check(thelen_isometric_tendon_force(1.0, F0, 0.01 * l_opt, l_opt, 1.2),
        F0 * std::exp(-0.99 * 0.99 / 0.45) * std::sqrt(1 - 0.99 * 0.99));
  return c;
}

CodeCase verify_wrap_cylinder() {
  CodeCase c{"wrapping: cylinder",
             "two ends at 50 mm on opposite sides of a 20 mm cylinder: 2 sqrt(D^2 - r^2) + "
             "r (pi - 2 acos(r / D)), and with 30 mm of axial rise the unrolled helix, "
             "hypot(that, dz) (Garner & Pandy 2000, CMBE 3:1)",
             "path length; tangent point on the circle and the free segment perpendicular to the radius",
             0.0, 1e-12, "relative", 0, "wrap_cylinder wraps a crossing segment with the analytic length", {}};
  constexpr double r = 0.02, D = 0.05;
  const double planar = 2 * std::sqrt(D * D - r * r) + r * (kPi - 2 * std::acos(r / D));
  const Transform X_WF = kX_FW.inverse();
  int wrapped = 0;
  for (double dz : {0.0, 0.03}) {
    const Vec3 a_W(-D, 0, 0), a = kX_FW * a_W, b = kX_FW * Vec3(D, 0, dz);
    const CylinderWrapResult w = wrap_cylinder(a, b, kX_FW, r, "all");
    wrapped += w.wrapped;
    // in W's cross-section: the tangent point lies on the circle and the segment from a to it
    // is perpendicular to the radius there
    const Vec3 t = X_WF * w.tangent_from_a;
    const Eigen::Vector2d t2 = t.head<2>(), d2 = (t - a_W).head<2>();
    c.error = std::max({c.error, std::abs(w.length - std::hypot(planar, dz)) / std::hypot(planar, dz),
                        std::abs(t2.norm() - r) / r, std::abs(t2.normalized().dot(d2.normalized()))});
    c.samples += 3;
  }
  c.coverage["wrapped"] = wrapped;
  return c;
}

CodeCase verify_wrap_sphere() {
  CodeCase c{"wrapping: ellipsoid",
             "an ellipsoid with three equal 20 mm axes (a sphere): two tangents plus R times the "
             "great-circle angle between the tangent points; a planar case (ends at 0 and 150 deg, "
             "2R: R (2 sqrt 3 + pi / 6)) and three general 3-D crossings",
             "path length (relative); tangent points of the planar case (relative to R)",
             0.0, 1e-12, "relative", 0, "Ellipsoid wrap: a sphere gives the analytic great-circle wrap", {}};
  constexpr double R = 0.02;
  const Vec3 radii(R, R, R);
  // exact shortest path over a sphere (centre 0, in W) for a crossing segment
  auto sphere_path = [&](const Vec3& a, const Vec3& b) {
    const double theta = std::acos(a.normalized().dot(b.normalized()));
    return std::sqrt(a.squaredNorm() - R * R) + std::sqrt(b.squaredNorm() - R * R) +
           R * (theta - std::acos(R / a.norm()) - std::acos(R / b.norm()));
  };
  int wrapped = 0;
  const double cs = std::cos(deg_to_rad(150)), sn = std::sin(deg_to_rad(150));
  const Vec3 a = kX_FW * Vec3(2 * R, 0, 0), b = kX_FW * Vec3(2 * R * cs, 2 * R * sn, 0);
  const EllipsoidWrapResult w = wrap_ellipsoid(a, b, kX_FW, radii, "all");
  wrapped += w.wrapped;
  const double planar = R * (2 * std::sqrt(3.0) + kPi / 6);
  c.error = std::max({std::abs(w.length - planar) / planar,
                      (w.tangent_a - kX_FW * Vec3(R * 0.5, R * std::sqrt(3.0) / 2, 0)).norm() / R,
                      (w.tangent_b - kX_FW * Vec3(0, R, 0)).norm() / R});
  c.samples += 3;
  const Vec3 ends[][2] = {{{-0.05, 0.004, 0.011}, {0.043, -0.002, -0.013}},
                          {{0.021, 0.03, -0.004}, {-0.015, -0.045, 0.012}},
                          {{0.0, 0.0, 0.08}, {0.012, -0.005, -0.025}}};
  for (const auto& e : ends) {
    const EllipsoidWrapResult g = wrap_ellipsoid(kX_FW * e[0], kX_FW * e[1], kX_FW, radii, "all");
    wrapped += g.wrapped;
    const double ref = sphere_path(e[0], e[1]);
    c.error = std::max(c.error, std::abs(g.length - ref) / ref);
    ++c.samples;
  }
  c.coverage["wrapped"] = wrapped;
  return c;
}

}  // namespace patella::validation
