#pragma once
// Variance-based sensitivity (Sobol' 1993): first-order and total indices of k parameters from
// Saltelli's design (Saltelli et al. 2010, "Variance based sensitivity analysis of model output",
// Comput. Phys. Commun. 181:259-270): base matrices A and B, and for each parameter i the
// matrix AB_i, A with column i taken from B; n (k + 2) model runs.
#include <cstdint>
#include <vector>

namespace patella {

/// The design's points in [0, 1)^k, row by row: n rows of A, n of B, then n of each AB_i
/// (i = 0 .. k-1). A and B are the first and last k coordinates of points 1 .. n of the 2k-
/// dimensional Sobol' sequence (point 0, the origin, skipped). Throws std::invalid_argument
/// where 2k exceeds the sequence's dimensions.
std::vector<double> saltelli_points(std::size_t n, int k);

struct SobolIndices {
  double variance = 0.0;               ///< of the output over A and B
  std::vector<double> first, total;    ///< S_i, ST_i
  /// 95 % percentile intervals (core/sample_quantile.hpp) from `bootstrap` resamplings of the
  /// n rows (empty when none)
  std::vector<double> first_low, first_high, total_low, total_high;
};

/// Indices from the outputs f of saltelli_points(n, k) in its order (n (k + 2) values): S_i by
/// Saltelli et al. 2010's estimator (their table 2, b), V_i = mean(f_B (f_ABi - f_A)); ST_i by
/// Jansen's (table 2, f), VT_i = mean((f_A - f_ABi)^2) / 2; both over the variance of f_A and
/// f_B together. Bootstrap resamples rows with a 64-bit Mersenne twister seeded by `seed`, so a
/// seed gives the same intervals on every machine (core/seeded_random.hpp). Throws std::invalid_argument on a size
/// mismatch or non-finite outputs.
SobolIndices sobol_indices(const std::vector<double>& f, std::size_t n, int k, int bootstrap = 0,
                           std::uint64_t seed = 1);

}  // namespace patella
