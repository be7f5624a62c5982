#pragma once
/// Gait-cycle runs for section D: a scenario simulated (optionally with another integrator
/// setting), and the peaks of a quantity over its frames.
#include <functional>
#include <memory>
#include <string>

#include "patella/gait/gait_simulation.hpp"
#include "patella/io/scenario.hpp"

namespace patella::validation {

/// A progress line ("gait baseline_running tol -9"); may be empty.
using ProgressMessage = std::function<void(const std::string&)>;

struct GaitRun {
  std::unique_ptr<GaitSetup> setup;
  GaitResult result;
};

/// Simulates the scenario file; tolerance > 0 replaces its integrator's absolute and relative
/// tolerances.
GaitRun run_gait_scenario(const std::string& scenario_file, double tolerance = -1,
                          ActivationStepper stepper = ActivationStepper::Dopri5,
                          const ProgressMessage& progress = nullptr);

/// The same for a scenario already read (a what-if on one of its keys).
GaitRun run_gait_scenario(const Scenario& scenario, double tolerance = -1,
                          ActivationStepper stepper = ActivationStepper::Dopri5,
                          const ProgressMessage& progress = nullptr);

/// The largest value of a quantity over the frames up to max_percent of the cycle.
struct GaitPeak {
  double value = -1e300;
  double percent = 0.0;  ///< gait percent of that frame
  int frame = -1;        ///< its index in GaitResult::frames (-1: no frame)
};
GaitPeak peak_of(const GaitResult& result, const std::function<double(const GaitFrame&)>& quantity,
                 double max_percent = 100.0);

/// The run's body weight [N] (body mass x standard gravity).
double body_weight(const GaitResult& result);

/// Index of a muscle in the result, -1 if absent.
int muscle_index(const GaitResult& result, const std::string& name);

}  // namespace patella::validation
