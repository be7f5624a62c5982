#pragma once
/// A scenario applied to a model: its spec edits, the compiled model and leg, the muscle set with
/// the scenario's muscle edits, releases and activation floors, and the gait options. Reading
/// the files is io's (io/scenario.hpp load_gait_setup calls make_gait_setup).
#include <memory>

#include "patella/compiler/scale_to_subject.hpp"
#include "patella/gait/gait_simulation.hpp"
#include "patella/session/scenario.hpp"

namespace patella {

/// Everything a scenario's gait simulation needs, loaded and checked: the model compiled with
/// the scenario's edits (its gait side, Model::leg, leg_muscles and foot, included), the input
/// and the options.
struct GaitSetup {
  std::unique_ptr<Model> model;
  GaitInput input;
  GaitOptions options;
  bool scaled = false;             ///< scaled to a subject (Scenario::subject_file)
  SubjectScaling scaling;          ///< how, when scaled
  /// Uncompensated control: the leg's muscles without the scenario's edits and activation
  /// floors (options.baseline_muscles points here).
  MuscleSet baseline_muscles;
};

/// The muscle set as it was before the scenario's what-if edits: each muscle's edit undone (its
/// tendon slack change reversed) and its activation floor removed.
MuscleSet without_edits(const MuscleSet& set);

/// Applies the scenario to a model spec read from scenario.model_dir: ligament and tuberosity
/// edits, the muscles' edits, releases and activation floors, then compiles it (leg, muscle set
/// and foot line included) and sets the gait options. The caller fills the input.
/// @throws ModelError naming the scenario key's place and the nearest muscle name.
/// With a subject, the spec is scaled to it (compiler/scale_to_subject.hpp) and each leg
/// muscle's optimal fibre and tendon slack lengths, and the iliotibial band's slack length, are
/// multiplied by its path length after / before scaling at the model's default pose (as
/// OpenSim's ScaleTool keeps their ratio to the path).
std::unique_ptr<GaitSetup> make_gait_setup(const Scenario& scenario, ModelSpec spec,
                                           const SubjectScale* subject = nullptr);

/// Path length of each leg muscle, then of the iliotibial band, at the model's default pose
/// (default coordinates, the patella at its default pose) [m].
std::vector<double> default_pose_path_lengths(const Model& model);

}  // namespace patella
