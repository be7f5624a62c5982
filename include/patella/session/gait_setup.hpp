#pragma once
/// A scenario applied to a model: its spec edits, the compiled model and leg, the muscle set with
/// the scenario's muscle edits, releases and activation floors, and the gait options. Reading
/// the files is io's (io/scenario.hpp load_gait_setup calls make_gait_setup).
#include <memory>

#include "patella/gait/gait_simulation.hpp"
#include "patella/session/scenario.hpp"

namespace patella {

/// Everything a scenario's gait simulation needs, loaded and checked.
struct GaitSetup {
  std::unique_ptr<Model> model;
  Leg leg;
  MuscleSet muscles;
  FootLine foot;
  GaitInput input;
  GaitOptions options;
};

/// Applies the scenario to a model spec read from scenario.model_dir: ligament and tuberosity
/// edits, compile, the leg, the muscle set with the scenario's edits, releases and activation
/// floors, the gait options. The caller fills foot and input.
/// @throws ModelError naming the scenario key's place and the nearest muscle name.
std::unique_ptr<GaitSetup> make_gait_setup(const Scenario& scenario, ModelSpec spec);

}  // namespace patella
