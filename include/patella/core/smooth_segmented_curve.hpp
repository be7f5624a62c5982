#pragma once
/// OpenSim's SmoothSegmentedFunction: a curve of quintic Bezier segments, linear outside its
/// domain (opensim-core OpenSim/Common/SmoothSegmentedFunction.cpp and
/// SegmentedQuinticBezierToolkit.cpp). The Millard 2012 muscle curves are built from it
/// (muscle/millard_curves.hpp).
#include <array>
#include <vector>

namespace patella {

/// A SmoothSegmentedFunction: quintic Bezier segments (x_i(u), y_i(u)), u in [0, 1], joined end
/// to end over [x0, x1]; outside, the straight lines y0 + dydx0 (x - x0) and y1 + dydx1 (x - x1).
/// Immutable after construction. A default-constructed curve is the zero function.
class SmoothSegmentedCurve {
 public:
  using Points = std::array<double, 6>;  ///< the six control points of one quintic segment

  SmoothSegmentedCurve() = default;
  /// Segments must join (x5 of one = x0 of the next) and have non-decreasing x control points.
  /// Throws std::invalid_argument otherwise.
  SmoothSegmentedCurve(std::vector<Points> ctrl_x, std::vector<Points> ctrl_y, double x0,
                       double x1, double y0, double y1, double dydx0, double dydx1);

  struct ValueSlope {
    double value;       ///< y(x)
    double derivative;  ///< dy/dx
  };
  /// y(x) and dy/dx together (one solve for the Bezier parameter).
  ValueSlope evaluate(double x) const;
  double value(double x) const { return evaluate(x).value; }
  double derivative(double x) const { return evaluate(x).derivative; }

  double domain_min() const { return x0_; }  ///< start of the Bezier part
  double domain_max() const { return x1_; }  ///< end of the Bezier part
  const std::vector<Points>& control_x() const { return ctrl_x_; }
  const std::vector<Points>& control_y() const { return ctrl_y_; }

 private:
  std::vector<Points> ctrl_x_, ctrl_y_;
  double x0_ = 0.0, x1_ = 0.0, y0_ = 0.0, y1_ = 0.0, dydx0_ = 0.0, dydx1_ = 0.0;
};

/// Bernstein form of a quintic Bezier (calcQuinticBezierCurveVal) at u in [0, 1].
double quintic_bezier(const SmoothSegmentedCurve::Points& p, double u);
/// d/du of the quintic Bezier (calcQuinticBezierCurveDerivU, order 1).
double quintic_bezier_du(const SmoothSegmentedCurve::Points& p, double u);

}  // namespace patella
