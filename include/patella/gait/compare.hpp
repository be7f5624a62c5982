#pragma once
/// Scenario comparison: the per-cycle summaries of several runs side by side, and their curves
/// aligned by gait percent (0..100 % in 1 % steps, linear interpolation; the last simulated
/// cycle of each run, the steadiest), with every run's change from the first.
#include <string>
#include <vector>

#include "patella/gait/summary.hpp"

namespace patella {

struct ComparedMetric {
  std::string name, unit;
  std::vector<double> value;        ///< per scenario
};

struct AlignedChannel {
  std::string name, unit;
  std::vector<std::vector<double>> curve;  ///< per scenario, at gait_percent
};

struct Comparison {
  std::vector<std::string> scenarios;
  std::vector<ComparedMetric> metrics;     ///< peaks and means (table of changes)
  std::vector<double> gait_percent;        ///< 0..100
  std::vector<AlignedChannel> channels;
  /// Per scenario (the first's is empty): why its change from the first may not be the
  /// muscles' (gait/actuation.hpp actuation_flags).
  std::vector<std::vector<std::string>> actuation_flags;
};

/// @throws SimulationError if fewer than two results or a result without frames.
Comparison compare_results(const std::vector<std::string>& names,
                           const std::vector<const GaitResult*>& results);

/// The table of changes from the first scenario, as text.
std::string format_comparison(const Comparison& comparison);

}  // namespace patella
