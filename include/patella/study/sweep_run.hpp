#pragma once
/// One sample of a sweep: the runs it makes (a scenario, its baseline, or every claim's scenario
/// and baseline, each under its control hypotheses) with the sample's parameter values set,
/// reduced to the sweep's outputs and the tracking curves its bands are drawn from.
#include <functional>
#include <string>
#include <vector>

#include "patella/io/claims_file.hpp"
#include "patella/io/scenario.hpp"
#include "patella/io/sweep_file.hpp"
#include "patella/study/sweep_samples.hpp"

namespace patella {

/// A run of each sample: a scenario file under a control hypothesis.
struct SweepRun {
  std::string label;       ///< "scenario, compensated"; with claims "<file>, <control>"
  std::string file;        ///< the scenario file
  std::string control;
  Scenario scenario;       ///< as its file says (before the sample's values)
  bool curves = false;     ///< its tracking curves are kept for the bands
};

/// An output of each sample: a metric of a run, read at the peak-PF instant of a reference run
/// (gait/compare.hpp), less the same metric of another run when `minus` >= 0 (a change).
struct SweepOutput {
  std::string group;       ///< "scenario, compensated", "change, compensated", "claim 3, uncompensated"
  std::string name, unit;  ///< the metric
  std::string control;     ///< the hypothesis it is under (a claim's uncompensated change may come
                           ///< from compensated runs, when its files edit no muscle)
  int run = 0, reference = 0;
  int minus = -1, minus_reference = -1;
};

/// The curves kept per run for the bands (gait/compare.hpp channels), at 0..100 % in 1 % steps.
const std::vector<std::pair<std::string, std::string>>& sweep_channels();
constexpr int kSweepCurvePoints = 101;

struct SweepPlan {
  SweepSpec spec;
  SweepSamples samples;
  std::vector<std::string> controls;  ///< spec.controls, or the scenario's own (claims: all three)
  std::vector<SweepRun> runs;
  std::vector<SweepOutput> outputs;
  std::vector<Claim> claims;          ///< with a claims file: its claims (outputs claim by claim)
  std::size_t curve_values() const;   ///< values of the curves a sample keeps
};

/// Scenario: per control the scenario's run, then its baseline's; outputs every metric of every
/// run, then each control's change. Claims: every file a claim names once per control (the
/// uncompensated run only for a file that edits muscles: otherwise the compensated run stands
/// for it, as `patella claims` does); outputs each claim's change under each control.
/// @throws ModelError / IoError as read_scenario and read_claims, and when a combined parameter
/// (multiply, add) leaves its key's range on some run's scenario.
SweepPlan plan_sweep(const SweepSpec& spec);

/// The overrides a sample sets on a run's scenario: every parameter, except one that applies
/// where set on a scenario that does not set its key.
std::vector<KeyOverride> sample_overrides(const SweepPlan& plan, std::size_t sample, const Scenario& scenario);

/// Loads every run's scenario and model with each parameter at its median, so what the files
/// name wrongly (a muscle, a ligament prefix) is an error before any sample runs.
/// @throws ModelError / IoError naming the run.
void check_sweep_setup(const SweepPlan& plan);

struct SampleOutcome {
  bool ok = false;
  std::string error;              ///< why it failed (the model's or the simulation's message)
  /// frames, over its runs, whose patellar equilibrium did not converge (flagged in a run's
  /// results; the sample's outputs keep them, as `patella run` does)
  int unconverged = 0;
  std::vector<double> metrics;    ///< per plan output (NaN: not defined in that run)
  std::vector<double> curves;     ///< per run that keeps curves, channel by channel, kSweepCurvePoints each
};

/// Loads and simulates the sample's runs. A ModelError, IoError or SimulationError is the
/// sample's failure (recorded, not thrown); what `check` throws (an interrupt) is rethrown.
SampleOutcome run_sample(const SweepPlan& plan, std::size_t sample,
                         const std::function<void()>& check = nullptr);

}  // namespace patella
