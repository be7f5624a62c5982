// Loading a scenario's files: the model folder and the gait input; the scenario itself is
// applied to the model by the session layer (make_gait_setup).
#include "patella/io/gait_reader.hpp"
#include "patella/io/load_model.hpp"
#include "patella/io/scenario.hpp"

namespace patella {

std::unique_ptr<GaitSetup> load_gait_setup(const Scenario& sc) {
  ModelLoadOptions options;
  if (sc.osim_quadriceps) options.quadriceps_heads = false;
  if (sc.osim_ligament_stiffness) options.ligament_stiffness = "osim";
  std::unique_ptr<GaitSetup> g = make_gait_setup(sc, load_model_spec(sc.model_dir, options));
  LegQ defaults{};
  for (int d = 0; d < kNumLegDofs; ++d) defaults[d] = g->model->tree.default_q[g->model->leg.dofs[d]];
  g->input = sc.cycle_csv.empty() ? read_opensim_gait(sc.trial)
                                  : read_cycle_csv(sc.cycle_csv, g->model->leg.body_mass, defaults);
  g->input.edits = sc.kinematics;
  return g;
}

}  // namespace patella
