#pragma once
/// One sample of a sweep: its scenario (and baseline) with the sample's parameter values set,
/// simulated under each control hypothesis, reduced to the sweep's metrics and the tracking
/// curves its bands are drawn from.
#include <functional>
#include <string>
#include <vector>

#include "patella/io/scenario.hpp"
#include "patella/io/sweep_file.hpp"
#include "patella/study/sweep_samples.hpp"

namespace patella {

/// A run of each sample: a scenario file under a control hypothesis.
struct SweepRun {
  std::string label;       ///< "scenario, compensated", "baseline, emg_constrained"
  std::string control;
  bool baseline = false;
};

/// The curves kept per run for the bands (gait/compare.hpp channels), at 0..100 % in 1 % steps.
const std::vector<std::pair<std::string, std::string>>& sweep_channels();
constexpr int kSweepCurvePoints = 101;

struct SweepPlan {
  SweepSpec spec;
  SweepSamples samples;
  Scenario scenario, baseline;       ///< as their files say (baseline: only with spec.baseline)
  std::vector<std::string> controls; ///< spec.controls, or the scenario's own
  std::vector<SweepRun> runs;        ///< per control: the scenario, then its baseline
  std::vector<std::string> metric_units;  ///< per spec.metrics
};

/// @throws ModelError / IoError as read_scenario.
SweepPlan plan_sweep(const SweepSpec& spec);

/// The overrides a sample sets on a run's scenario: every parameter, except one that applies
/// where set on a scenario that does not set its key.
std::vector<KeyOverride> sample_overrides(const SweepPlan& plan, std::size_t sample, bool baseline);

struct SampleOutcome {
  bool ok = false;
  std::string error;              ///< why it failed (the model's or the simulation's message)
  /// frames, over its runs, whose patellar equilibrium did not converge (flagged in a run's
  /// results; the sample's metrics keep them, as `patella run` does)
  int unconverged = 0;
  std::vector<double> metrics;    ///< run by run, spec.metrics in order (NaN: not defined there)
  std::vector<double> curves;     ///< run by run, channel by channel, kSweepCurvePoints each
};

/// Loads every run's scenario and model with each parameter at its median, so what the files
/// name wrongly (a muscle, a ligament prefix) is an error before any sample runs.
/// @throws ModelError / IoError naming the run.
void check_sweep_setup(const SweepPlan& plan);

/// Loads and simulates the sample's runs. A ModelError, IoError or SimulationError is the
/// sample's failure (recorded, not thrown); what `check` throws (an interrupt) is rethrown.
/// Every run is read at its control's baseline peak-PF instant (gait/compare.hpp), so a metric
/// "at peak PF" compares the same instant of the stride.
SampleOutcome run_sample(const SweepPlan& plan, std::size_t sample,
                         const std::function<void()>& check = nullptr);

}  // namespace patella
