#pragma once
/// A finished sweep's statistics: each output's 5-95 % range, the design's sensitivity indices
/// (Sobol' or Morris) and the tracking curves' bands, as the HDF5 file and the printed table
/// hold them.
#include <string>
#include <vector>

#include "patella/io/sweep_results.hpp"
#include "patella/study/sweep_run.hpp"

namespace patella {

/// outcomes: one per sample, in order; a statistic per plan output. A failed sample
/// or a value that is not defined is left out: of the quantiles, of the bands, of the Sobol'
/// indices its whole base row (A, B and every AB_i), of Morris' statistics its trajectory.
SweepResults analyse_sweep(const SweepPlan& plan, const std::vector<SampleOutcome>& outcomes,
                           const std::string& version);

/// The printed summary: per output its median and 5-95 % range over the samples, and the
/// parameters that drive it most (by total Sobol' index, or by Morris' mu*).
std::string format_sweep_summary(const SweepResults& results);

}  // namespace patella
