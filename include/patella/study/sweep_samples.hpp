#pragma once
/// A sweep's samples: the design's points in [0, 1]^k and the parameters' values there (each
/// parameter's quantile function, core/distributions.hpp).
#include <cstddef>
#include <vector>

#include "patella/core/morris_screening.hpp"
#include "patella/io/sweep_file.hpp"

namespace patella {

struct SweepSamples {
  int k = 0;                  ///< parameters
  std::size_t n = 0;          ///< samples (runs of the design)
  std::vector<double> u;      ///< n x k, row by row: the design's point
  std::vector<double> value;  ///< n x k: each parameter's value there, in its unit
  /// Sobol: the base samples N (rows: N of A, N of B, then N of each AB_i, core/sobol_indices.hpp)
  std::size_t base = 0;
  MorrisDesign morris;        ///< Morris: the trajectories (rows in its order)
};

/// Latin hypercube: `samples` stratified points (seeded). Sobol: Saltelli's N (k + 2) points.
/// Morris: r trajectories on `levels` levels (seeded), level j at u = j / (levels - 1). Grid:
/// every combination of `levels` values per parameter at u = j / (levels - 1), the first
/// parameter varying slowest. u = 0 and 1 are the distributions' bounds (sweep_file.hpp: every
/// distribution is bounded).
SweepSamples sweep_samples(const SweepSpec& spec);

}  // namespace patella
