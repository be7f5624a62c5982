#pragma once
/// Smooth curves through sampled gait data: natural cubic splines (C2, so inverse dynamics can
/// take second derivatives) and OpenSim's zero-phase low-pass filter for noisy coordinates.
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
  double front() const { return x_.front(); }
  double back() const { return x_.back(); }
  bool empty() const { return x_.empty(); }

 private:
  std::size_t segment(double t) const;
  std::vector<double> x_, y_, m_;  // m_ = second derivatives at the knots
};

/// Zero-phase low-pass Butterworth (a 2nd-order section run forward and backward: 4th order in
/// effect, no phase lag; OpenSim's ID tool also filters coordinates with a zero-phase low-pass,
/// commonly at 6 Hz) of uniformly sampled data; the ends are padded by odd reflection.
std::vector<double> lowpass_filtfilt(const std::vector<double>& y, double sample_rate_hz,
                                     double cutoff_hz);

}  // namespace patella
