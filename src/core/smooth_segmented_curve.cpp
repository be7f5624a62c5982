// SmoothSegmentedFunction (opensim-core OpenSim/Common/SmoothSegmentedFunction.cpp) and the
// quintic Bezier evaluation of SegmentedQuinticBezierToolkit.cpp.
#include "patella/core/smooth_segmented_curve.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace patella {

using Points = SmoothSegmentedCurve::Points;

double quintic_bezier(const Points& p, double u) {
  const double v = 1.0 - u;
  const double u2 = u * u, v2 = v * v;
  return p[0] * v2 * v2 * v + 5.0 * p[1] * u * v2 * v2 + 10.0 * p[2] * u2 * v2 * v +
         10.0 * p[3] * u2 * u * v2 + 5.0 * p[4] * u2 * u2 * v + p[5] * u2 * u2 * u;
}

double quintic_bezier_du(const Points& p, double u) {
  const double v = 1.0 - u;
  const double u2 = u * u, v2 = v * v;
  return 5.0 * ((p[1] - p[0]) * v2 * v2 + 4.0 * (p[2] - p[1]) * u * v2 * v +
                6.0 * (p[3] - p[2]) * u2 * v2 + 4.0 * (p[4] - p[3]) * u2 * u * v +
                (p[5] - p[4]) * u2 * u2);
}

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();  // SimTK::Eps

/// The u in [0, 1] with x(u) = x on a segment whose x(u) is non-decreasing (calcU). OpenSim
/// starts Newton from a spline fit of u(x); here Newton is safeguarded by bisection on the
/// bracket [lo, hi], which always contains the root.
double solve_u(const Points& px, double x) {
  if (x <= px[0]) return 0.0;
  if (x >= px[5]) return 1.0;
  double lo = 0.0, hi = 1.0;
  double u = (x - px[0]) / (px[5] - px[0]);
  const double tol = 4.0 * kEps * std::max(1.0, std::abs(x));
  for (int iter = 0; iter < 200; ++iter) {
    const double f = quintic_bezier(px, u) - x;
    if (std::abs(f) <= tol) return u;
    (f < 0.0 ? lo : hi) = u;
    if (hi - lo <= kEps) return u;
    const double d = quintic_bezier_du(px, u);
    double next = d > 0.0 ? u - f / d : lo - 1.0;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    u = next;
  }
  return u;  // bracket width < 2^-200: unreachable in practice
}

}  // namespace

// ---- SmoothSegmentedCurve ------------------------------------------------------------------

SmoothSegmentedCurve::SmoothSegmentedCurve(std::vector<Points> ctrl_x, std::vector<Points> ctrl_y,
                                           double x0, double x1, double y0, double y1,
                                           double dydx0, double dydx1)
    : ctrl_x_(std::move(ctrl_x)),
      ctrl_y_(std::move(ctrl_y)),
      x0_(x0),
      x1_(x1),
      y0_(y0),
      y1_(y1),
      dydx0_(dydx0),
      dydx1_(dydx1) {
  if (ctrl_x_.empty() || ctrl_x_.size() != ctrl_y_.size())
    throw std::invalid_argument("SmoothSegmentedCurve: need one y segment per x segment");
  for (std::size_t s = 0; s < ctrl_x_.size(); ++s) {
    const Points& px = ctrl_x_[s];
    for (int i = 0; i < 5; ++i)
      if (!(px[i] <= px[i + 1]))
        throw std::invalid_argument("SmoothSegmentedCurve: segment " + std::to_string(s) +
                                    " has decreasing x control points");
    if (s > 0 && ctrl_x_[s - 1][5] != px[0])
      throw std::invalid_argument("SmoothSegmentedCurve: segments " + std::to_string(s - 1) +
                                  " and " + std::to_string(s) + " do not join");
  }
}

SmoothSegmentedCurve::ValueSlope SmoothSegmentedCurve::evaluate(double x) const {
  // SmoothSegmentedFunction::calcValue / calcDerivative: Bezier inside [x0, x1], lines outside.
  if (std::isnan(x)) return {x, x};
  if (x < x0_) return {y0_ + dydx0_ * (x - x0_), dydx0_};
  if (x > x1_) return {y1_ + dydx1_ * (x - x1_), dydx1_};
  if (ctrl_x_.empty()) return {y0_, dydx0_};  // default-constructed: the zero function
  // calcIndex: the first segment with x0_i <= x < x5_i, else the last one (x == its end).
  std::size_t idx = ctrl_x_.size() - 1;
  for (std::size_t s = 0; s < ctrl_x_.size(); ++s)
    if (x >= ctrl_x_[s][0] && x < ctrl_x_[s][5]) {
      idx = s;
      break;
    }
  const double u = solve_u(ctrl_x_[idx], x);
  // calcQuinticBezierCurveDerivDYDX, order 1: (dy/du) / (dx/du).
  return {quintic_bezier(ctrl_y_[idx], u), quintic_bezier_du(ctrl_y_[idx], u) / quintic_bezier_du(ctrl_x_[idx], u)};
}

}  // namespace patella
