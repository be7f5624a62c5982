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
  /// Whole-cycle peaks and means, then the values where the question is: at the peak-PF-force
  /// frame, the mean over loading response (foot strike to the stance peak of knee flexion) and
  /// over stance, of lateral shift and tilt, PF contact force and the lateral facet's force.
  std::vector<ComparedMetric> metrics;
  std::vector<double> gait_percent;        ///< 0..100
  std::vector<AlignedChannel> channels;
  /// Per scenario (the first's is empty): why its change from the first may not be the
  /// muscles' (gait/actuation.hpp actuation_flags).
  std::vector<std::vector<std::string>> actuation_flags;
};

/// @throws SimulationError if fewer than two results or a result without frames.
Comparison compare_results(const std::vector<std::string>& names,
                           const std::vector<const GaitResult*>& results);

/// Every metric of a comparison, in table order: name and unit.
std::vector<std::pair<std::string, std::string>> comparison_metrics();

/// The values where the runner's question is, for one run's last cycle (each with one value):
/// lateral shift and tilt at the peak-PF frame, over loading response and over stance, PF contact
/// force over loading response and stance, the lateral facet's force at the peak and over stance.
std::vector<ComparedMetric> question_metrics(const GaitResult& result);

/// The part of the cycle a metric looks at in a run [gait percent, from and to], in its last
/// cycle: the peak-PF frame, loading response or stance; for a whole-cycle peak, the frame where
/// it falls; for a whole-cycle mean, the whole cycle.
std::pair<double, double> metric_window(const GaitResult& result, const std::string& metric);

/// Whether a metric's change is also given in percent: forces, pressures and shares are;
/// positions (mm) and angles (deg) are not, since a percent of a position means nothing.
bool change_in_percent(const std::string& unit);

/// The table of changes from the first scenario, as text.
std::string format_comparison(const Comparison& comparison);

}  // namespace patella
