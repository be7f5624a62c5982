#pragma once
// Quantiles of a sample, for uncertainty bands (5-95 %) and bootstrap intervals: Hyndman and
// Fan's (1996) type 7, linear between order statistics at (n - 1) q, the default of R's
// quantile() and NumPy's percentile(), so a researcher's own script gives the same band.
#include <vector>

namespace patella {

/// q in [0, 1]; throws std::invalid_argument for an empty sample, q outside [0, 1] or a
/// non-finite value.
double sample_quantile(std::vector<double> sample, double q);

/// A band over a curve sampled many times (a metric at every frame of the gait cycle, one
/// curve per sweep sample): at each point, the quantiles low, 0.5 and high of the samples.
struct Band {
  std::vector<double> low, median, high;
};

/// curves[s][i]: sample s at point i; every curve the same length. Throws std::invalid_argument
/// for no curves, curves of different lengths or low > high (and as sample_quantile).
Band sample_band(const std::vector<std::vector<double>>& curves, double low = 0.05, double high = 0.95);

}  // namespace patella
