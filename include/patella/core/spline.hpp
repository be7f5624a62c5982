#pragma once
/// Natural cubic spline (C2: values, slopes and curvatures continuous), used where second
/// derivatives matter: gait coordinates for inverse dynamics, the tibiofemoral coupling.
#include <cstddef>
#include <vector>

namespace patella {

class CubicSpline {
 public:
  CubicSpline() = default;
  /// Natural cubic spline through (x[i], y[i]); x strictly increasing, at least 2 points.
  CubicSpline(std::vector<double> x, const std::vector<double>& y);
  double value(double t) const;
  double derivative(double t) const;
  double second_derivative(double t) const;
  /// The segment [knots()[i], knots()[i + 1]] that value(t) uses.
  std::size_t segment(double t) const;
  /// value(t) and derivative(t), bit for bit, on segment i = segment(t): splines on the same
  /// knots share one search (activation dynamics evaluates 44 of them per step).
  void value_and_derivative(std::size_t i, double t, double& value, double& derivative) const;
  double front() const { return x_.front(); }
  double back() const { return x_.back(); }
  bool empty() const { return x_.empty(); }
  const std::vector<double>& knots() const { return x_; }

 private:
  std::vector<double> x_, y_, m_;  // m_ = second derivatives at the knots
};

}  // namespace patella
