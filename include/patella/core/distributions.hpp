#pragma once
// The distributions a sweep draws its parameters from, each mapped from a design's coordinate
// u in [0, 1] by its quantile function (inverse CDF), so Latin hypercube strata and Sobol'
// points keep their structure in the parameter's own units.
#include <limits>
#include <string>

namespace patella {

/// Phi^-1(u), the standard normal quantile, for 0 < u < 1: a rational start (Abramowitz and
/// Stegun 1964, 26.2.23, error under 4.5e-4) refined by Halley's method against
/// Phi(x) = erfc(-x / sqrt 2) / 2, to a few units in the last place; the lower tail is solved
/// directly and the upper one by symmetry (1 - u is exact for u >= 1/2). -inf at 0, +inf at 1.
double normal_quantile(double u);

/// Phi(x), the standard normal CDF.
double normal_cdf(double x);

struct Distribution {
  enum class Kind { Uniform, Normal, LogNormal } kind = Kind::Uniform;
  /// Uniform: a = low, b = high. Normal: a = mean, b = standard deviation. LogNormal: a = median,
  /// b = the standard deviation of the logarithm. All in the parameter's units (LogNormal's b
  /// has none).
  double a = 0.0, b = 1.0;
  /// truncation (Normal, LogNormal): the draw stays within [low, high]
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
};

/// The value at quantile u in [0, 1] (the ends are the bounds: a normal's must be truncated
/// there). Throws std::invalid_argument for parameters without a distribution (high <= low, a
/// non-positive spread or median, a truncation the distribution gives no mass) or an infinite
/// value.
double quantile(const Distribution& d, double u);

/// "uniform", "normal", "lognormal"; or "" for an unknown name
std::string kind_name(Distribution::Kind kind);

}  // namespace patella
