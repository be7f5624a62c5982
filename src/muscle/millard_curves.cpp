// OpenSim 4 Millard2012EquilibriumMuscle curves. Construction follows opensim-core:
//   OpenSim/Common/SmoothSegmentedFunctionFactory.cpp (create*Curve, scaleCurviness)
//   OpenSim/Common/SegmentedQuinticBezierToolkit.cpp (calcQuinticBezierCornerControlPoints,
//     calcQuinticBezierCurveVal / DerivU / DerivDYDX, calcIndex, calcU)
//   OpenSim/Common/SmoothSegmentedFunction.cpp (calcValue, calcDerivative: linear extrapolation)
//   OpenSim/Actuators/{ActiveForceLength,ForceVelocity,FiberForceLength,TendonForceLength}Curve.cpp
//     (factory arguments and the fitted values of unset optional properties)
//   OpenSim/Actuators/Millard2012EquilibriumMuscle.cpp (extendFinalizeFromProperties)
#include "patella/muscle/millard_curves.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "patella/core/error.hpp"

namespace patella {
namespace {

using Points = SmoothSegmentedCurve::Points;

constexpr double kEps = std::numeric_limits<double>::epsilon();  // SimTK::Eps
const double kRootEps = std::sqrt(kEps);                         // sqrt(SimTK::Eps)

std::string num(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

/// OpenSim's SimTK_ERRCHK_ALWAYS: a rejected parameter set is a model error.
void require(bool ok, const std::string& what) {
  if (!ok) throw ModelError(what);
}

void require_curviness(double curviness, const std::string& curve, const std::string& key) {
  require(curviness >= 0.0 && curviness <= 1.0,
          curve + ": " + key + " must be between 0 and 1, but is " + num(curviness));
}

// ---- quintic Bezier evaluation (SegmentedQuinticBezierToolkit) ----------------------------

}  // namespace

// ---- SegmentedQuinticBezierToolkit::calcQuinticBezierCornerControlPoints ------------------

std::array<Points, 2> quintic_bezier_corner(double x0, double y0, double dydx0, double x1,
                                            double y1, double dydx1, double c) {
  require(c >= 0.0 && c <= 1.0, "quintic Bezier corner: curviness must be between 0 and 1");
  // Where the two lines (x - x0) dydx0 + y0 and (x - x1) dydx1 + y1 intersect.
  double xC = 0.0;
  if (std::abs(dydx0 - dydx1) > kRootEps)
    xC = (y1 - y0 - x1 * dydx1 + x0 * dydx0) / (dydx0 - dydx1);
  else
    xC = (x1 + x0) / 2;
  const double yC = (xC - x1) * dydx1 + y1;
  // A 'C'-shaped corner: the chord is longer than either side to the intersection.
  const double xCx0 = xC - x0, yCy0 = yC - y0, xCx1 = xC - x1, yCy1 = yC - y1;
  const double x0x1 = x1 - x0, y0y1 = y1 - y0;
  const double a = xCx0 * xCx0 + yCy0 * yCy0;
  const double b = xCx1 * xCx1 + yCy1 * yCy1;
  const double chord = x0x1 * x0x1 + y0y1 * y0y1;
  require(chord > a && chord > b,
          "quintic Bezier corner from (" + num(x0) + ", " + num(y0) + ") slope " + num(dydx0) +
              " to (" + num(x1) + ", " + num(y1) + ") slope " + num(dydx1) +
              ": the two lines do not form a C-shaped corner");
  const double x0_mid = x0 + c * xCx0, y0_mid = y0 + c * yCy0;
  const double x1_mid = x1 + c * xCx1, y1_mid = y1 + c * yCy1;
  return {Points{x0, x0_mid, x0_mid, x1_mid, x1_mid, x1},
          Points{y0, y0_mid, y0_mid, y1_mid, y1_mid, y1}};
}

namespace {

/// Builds a curve from corner segments given as {x points, y points} pairs.
SmoothSegmentedCurve from_corners(const std::vector<std::array<Points, 2>>& corners, double x0,
                                  double x1, double y0, double y1, double dydx0, double dydx1) {
  std::vector<Points> cx, cy;
  for (const auto& p : corners) {
    cx.push_back(p[0]);
    cy.push_back(p[1]);
  }
  return SmoothSegmentedCurve(std::move(cx), std::move(cy), x0, x1, y0, y1, dydx0, dydx1);
}

}  // namespace

// ---- SmoothSegmentedFunctionFactory --------------------------------------------------------

SmoothSegmentedCurve make_active_force_length_curve(double x0, double x1, double x2, double x3,
                                                    double ylow, double dydx, double curviness) {
  const std::string name = "ActiveForceLengthCurve";
  require(x0 >= 0 && x1 > x0 + kRootEps && x2 > x1 + kRootEps && x3 > x2 + kRootEps,
          name + ": must have 0 <= min_norm_active_fiber_length (" + num(x0) +
              ") < transition_norm_fiber_length (" + num(x1) + ") < 1 (" + num(x2) +
              ") < max_norm_active_fiber_length (" + num(x3) + ")");
  require(ylow >= 0, name + ": minimum_value must be >= 0, but is " + num(ylow));
  const double dydx_upper = (1 - ylow) / (x2 - x1);
  require(dydx >= 0 && dydx < dydx_upper, name + ": shallow_ascending_slope must be >= 0 and < " +
                                              num(dydx_upper) + ", but is " + num(dydx));
  require_curviness(curviness, name, "curviness");

  const double c = millard_scale_curviness(curviness);
  // The shoulder: OpenSim 4 widens the plateau to 5% of x2 (Winter's data), not 0.0259.
  const double xDelta = 0.05 * x2;
  const double xs = x2 - xDelta;
  // Ascending limb.
  const double y0 = 0, dydx0 = 0;
  const double y1 = 1 - dydx * (xs - x1);
  const double dydx01 = 1.25 * (y1 - y0) / (x1 - x0);
  const double x01 = x0 + 0.5 * (x1 - x0);
  const double y01 = y0 + 0.5 * (y1 - y0);
  // Shallow ascending plateau.
  const double x1s = x1 + 0.5 * (xs - x1);
  const double y1s = y1 + 0.5 * (1 - y1);
  const double dydx1s = dydx;
  // Peak and descending limb.
  const double y2 = 1, dydx2 = 0;
  const double y3 = 0, dydx3 = 0;
  const double x23 = (x2 + xDelta) + 0.5 * (x3 - (x2 + xDelta));
  const double y23 = y2 + 0.5 * (y3 - y2);
  const double dydx23 = (y3 - y2) / ((x3 - xDelta) - (x2 + xDelta));

  return from_corners({quintic_bezier_corner(x0, ylow, dydx0, x01, y01, dydx01, c),
                       quintic_bezier_corner(x01, y01, dydx01, x1s, y1s, dydx1s, c),
                       quintic_bezier_corner(x1s, y1s, dydx1s, x2, y2, dydx2, c),
                       quintic_bezier_corner(x2, y2, dydx2, x23, y23, dydx23, c),
                       quintic_bezier_corner(x23, y23, dydx23, x3, ylow, dydx3, c)},
                      x0, x3, ylow, ylow, 0, 0);
}

SmoothSegmentedCurve make_force_velocity_curve(double fmaxE, double dydxC, double dydxNearC,
                                               double dydxIso, double dydxE, double dydxNearE,
                                               double concCurviness, double eccCurviness) {
  const std::string name = "ForceVelocityCurve";
  require(fmaxE > 1.0, name + ": max_eccentric_velocity_force_multiplier must be > 1, but is " +
                           num(fmaxE));
  require(dydxC >= 0.0 && dydxC < 1, name + ": concentric_slope_at_vmax must be >= 0 and < 1, "
                                            "but is " + num(dydxC));
  require(dydxNearC > dydxC && dydxNearC <= 1,
          name + ": concentric_slope_near_vmax must be > concentric_slope_at_vmax and <= 1, "
                 "but is " + num(dydxNearC));
  require(dydxIso > 1, name + ": isometric_slope must be > 1, but is " + num(dydxIso));
  require(dydxE >= 0.0 && dydxE < (fmaxE - 1),
          name + ": eccentric_slope_at_vmax must be >= 0 and < " + num(fmaxE - 1) + ", but is " +
              num(dydxE));
  require(dydxNearE >= dydxE && dydxNearE < (fmaxE - 1),
          name + ": eccentric_slope_near_vmax must be >= eccentric_slope_at_vmax and < " +
              num(fmaxE - 1) + ", but is " + num(dydxNearE));
  require_curviness(concCurviness, name, "concentric_curviness");
  require_curviness(eccCurviness, name, "eccentric_curviness");

  const double cC = millard_scale_curviness(concCurviness);
  const double cE = millard_scale_curviness(eccCurviness);
  const double xC = -1, yC = 0;
  const double xNearC = -0.9;
  const double yNearC = yC + 0.5 * dydxNearC * (xNearC - xC) + 0.5 * dydxC * (xNearC - xC);
  const double xIso = 0, yIso = 1;
  const double xE = 1, yE = fmaxE;
  const double xNearE = 0.9;
  const double yNearE = yE + 0.5 * dydxNearE * (xNearE - xE) + 0.5 * dydxE * (xNearE - xE);

  return from_corners(
      {quintic_bezier_corner(xC, yC, dydxC, xNearC, yNearC, dydxNearC, cC),
       quintic_bezier_corner(xNearC, yNearC, dydxNearC, xIso, yIso, dydxIso, cC),
       quintic_bezier_corner(xIso, yIso, dydxIso, xNearE, yNearE, dydxNearE, cE),
       quintic_bezier_corner(xNearE, yNearE, dydxNearE, xE, yE, dydxE, cE)},
      xC, xE, yC, yE, dydxC, dydxE);
}

SmoothSegmentedCurve make_fiber_force_length_curve(double eZero, double eIso, double kLow,
                                                   double kIso, double curviness) {
  const std::string name = "FiberForceLengthCurve";
  require(eIso > eZero, name + ": strain_at_one_norm_force (" + num(eIso) +
                            ") must be > strain_at_zero_force (" + num(eZero) + ")");
  require(kIso > 1.0 / (eIso - eZero), name + ": stiffness_at_one_norm_force must be > " +
                                           num(1.0 / (eIso - eZero)) + ", but is " + num(kIso));
  require(kLow > 0.0 && kLow < 1 / (eIso - eZero),
          name + ": stiffness_at_low_force must be > 0 and < " + num(1 / (eIso - eZero)) +
              ", but is " + num(kLow));
  require_curviness(curviness, name, "curviness");

  const double c = millard_scale_curviness(curviness);
  const double xZero = 1 + eZero, yZero = 0;
  const double xIso = 1 + eIso, yIso = 1;
  const double deltaX = std::min(0.1 * (1.0 / kIso), 0.1 * (xIso - xZero));
  const double xLow = xZero + deltaX;
  const double xfoot = xZero + 0.5 * (xLow - xZero);
  const double yfoot = 0;
  const double yLow = yfoot + kLow * (xLow - xfoot);

  return from_corners({quintic_bezier_corner(xZero, yZero, 0, xLow, yLow, kLow, c),
                       quintic_bezier_corner(xLow, yLow, kLow, xIso, yIso, kIso, c)},
                      xZero, xIso, yZero, yIso, 0.0, kIso);
}

SmoothSegmentedCurve make_tendon_force_length_curve(double eIso, double kIso, double fToe,
                                                    double curviness) {
  const std::string name = "TendonForceLengthCurve";
  require(eIso > 0, name + ": strain_at_one_norm_force must be > 0, but is " + num(eIso));
  require(fToe > 0 && fToe < 1,
          name + ": norm_force_at_toe_end must be > 0 and < 1, but is " + num(fToe));
  require(kIso > (1 / eIso), name + ": stiffness_at_one_norm_force must be > " + num(1 / eIso) +
                                 ", but is " + num(kIso));
  require_curviness(curviness, name, "curviness");

  const double c = millard_scale_curviness(curviness);
  const double x0 = 1.0, y0 = 0, dydx0 = 0;
  const double xIso = 1.0 + eIso, yIso = 1, dydxIso = kIso;
  // Where the curved toe becomes linear.
  const double yToe = fToe;
  const double xToe = (yToe - 1) / kIso + xIso;
  // The line the toe tends to meets the x axis right of x = 1 (limits the curvature).
  const double xFoot = 1.0 + (xToe - 1.0) / 10.0;
  const double yFoot = 0;
  // Corner formed by the average toe slope and the linear section.
  const double yToeMid = yToe * 0.5;
  const double xToeMid = (yToeMid - yIso) / kIso + xIso;
  const double dydxToeMid = (yToeMid - yFoot) / (xToeMid - xFoot);
  // Control point left of the corner.
  const double xToeCtrl = xFoot + 0.5 * (xToeMid - xFoot);
  const double yToeCtrl = yFoot + dydxToeMid * (xToeCtrl - xFoot);

  return from_corners(
      {quintic_bezier_corner(x0, y0, dydx0, xToeCtrl, yToeCtrl, dydxToeMid, c),
       quintic_bezier_corner(xToeCtrl, yToeCtrl, dydxToeMid, xToe, yToe, dydxIso, c)},
      x0, xToe, y0, yToe, dydx0, dydxIso);
}

// ---- Millard2012EquilibriumMuscle ----------------------------------------------------------

MillardCurveParams millard_adjusted_params(MillardCurveParams p, bool classic_hill) {
  auto& fl = p.active_force_length;
  auto& fv = p.force_velocity;
  if (classic_hill) {
    fl.minimum_value = std::max(fl.minimum_value, 0.1);
    fv.concentric_slope_at_vmax =
        std::max(fv.concentric_slope_at_vmax, 0.5 * fv.concentric_slope_near_vmax);
    fv.eccentric_slope_at_vmax =
        std::max(fv.eccentric_slope_at_vmax, 0.5 * fv.eccentric_slope_near_vmax);
  } else {
    fl.minimum_value = std::min(fl.minimum_value, 0.0);
    fv.concentric_slope_at_vmax = std::min(fv.concentric_slope_at_vmax, 0.0);
    fv.eccentric_slope_at_vmax = std::min(fv.eccentric_slope_at_vmax, 0.0);
  }
  return p;
}

MillardCurves build_millard_curves(const MillardCurveParams& params) {
  MillardCurves curves;

  // ActiveForceLengthCurve::createSimTKFunction: x2 = 1, curviness = 1.
  const auto& fl = params.active_force_length;
  curves.active_force_length = make_active_force_length_curve(
      fl.min_norm_active_fiber_length, fl.transition_norm_fiber_length, 1.0,
      fl.max_norm_active_fiber_length, fl.minimum_value, fl.shallow_ascending_slope, 1.0);

  // ForceVelocityCurve::createSimTKFunction. Millard2012EquilibriumMuscle also rejects slopes
  // near vmax below SimTK::SqrtEps.
  const auto& fv = params.force_velocity;
  require(fv.concentric_slope_near_vmax >= kRootEps && fv.eccentric_slope_near_vmax >= kRootEps,
          "ForceVelocityCurve: concentric_slope_near_vmax and eccentric_slope_near_vmax must be "
          ">= 1.49e-8");
  curves.force_velocity = make_force_velocity_curve(
      fv.max_eccentric_velocity_force_multiplier, fv.concentric_slope_at_vmax,
      fv.concentric_slope_near_vmax, fv.isometric_slope, fv.eccentric_slope_at_vmax,
      fv.eccentric_slope_near_vmax, fv.concentric_curviness, fv.eccentric_curviness);

  // FiberForceLengthCurve::ensureCurveUpToDate: optional properties all set, or all fitted.
  const auto& fpe = params.fiber_force_length;
  const int fpe_set = !std::isnan(fpe.stiffness_at_low_force) +
                      !std::isnan(fpe.stiffness_at_one_norm_force) + !std::isnan(fpe.curviness);
  require(fpe_set == 0 || fpe_set == 3,
          "FiberForceLengthCurve: stiffness_at_low_force, stiffness_at_one_norm_force and "
          "curviness must either all be set or all be absent");
  const double e0 = fpe.strain_at_zero_force, e1 = fpe.strain_at_one_norm_force;
  curves.fiber_force_length =
      fpe_set == 3 ? make_fiber_force_length_curve(e0, e1, fpe.stiffness_at_low_force,
                                                   fpe.stiffness_at_one_norm_force, fpe.curviness)
                   : make_fiber_force_length_curve(e0, e1, 0.2, 2.0 / (e1 - e0), 0.75);

  // TendonForceLengthCurve::ensureCurveUpToDate: the same rule; fitted values by eye to
  // Maganaris and Paul (2002), Magnusson (2001), Sharkey (1995).
  const auto& ft = params.tendon_force_length;
  const int ft_set = !std::isnan(ft.stiffness_at_one_norm_force) +
                     !std::isnan(ft.norm_force_at_toe_end) + !std::isnan(ft.curviness);
  require(ft_set == 0 || ft_set == 3,
          "TendonForceLengthCurve: stiffness_at_one_norm_force, norm_force_at_toe_end and "
          "curviness must either all be set or all be absent");
  const double e_iso = ft.strain_at_one_norm_force;
  curves.tendon_force_length =
      ft_set == 3 ? make_tendon_force_length_curve(e_iso, ft.stiffness_at_one_norm_force,
                                                   ft.norm_force_at_toe_end, ft.curviness)
                  : make_tendon_force_length_curve(e_iso, 1.375 / e_iso, 2.0 / 3.0, 0.5);
  return curves;
}

}  // namespace patella
