#pragma once
// Quantiles of a sample, for uncertainty bands (5-95 %) and bootstrap intervals: Hyndman and
// Fan's (1996) type 7, linear between order statistics at (n - 1) q, the default of R's
// quantile() and NumPy's percentile(), so a researcher's own script gives the same band.
#include <vector>

namespace patella {

/// q in [0, 1]; throws std::invalid_argument for an empty sample, q outside [0, 1] or a
/// non-finite value.
double sample_quantile(std::vector<double> sample, double q);

}  // namespace patella
