#include "patella/session/gait_setup.hpp"

#include <algorithm>

#include "patella/compiler/compile.hpp"
#include "patella/compiler/compile_leg.hpp"
#include "patella/compiler/spec_edits.hpp"
#include "patella/core/error.hpp"
#include "patella/core/strings.hpp"

namespace patella {

std::unique_ptr<GaitSetup> make_gait_setup(const Scenario& sc, ModelSpec spec) {
  auto g = std::make_unique<GaitSetup>();
  for (const auto& [prefix, scale] : sc.ligament_stiffness)
    if (scale_ligament_stiffness(spec, prefix, scale) == 0)
      throw ModelError(sc.ligament_where + ": no ligament of the model starts with '" + prefix + "'");
  if (sc.tuberosity_offset != 0.0 && move_tibial_tuberosity(spec, sc.tuberosity_offset) == 0)
    throw ModelError(sc.tuberosity_where + ": key 'tibial_tuberosity_offset': no ligament of " + sc.model_dir +
                     " joins the patella to the tibia");
  g->model = compile(std::move(spec));
  g->leg = make_leg(*g->model);
  // a muscle edit must name a muscle of the leg: say where, and the nearest name
  std::vector<std::string> names;
  for (const MuscleSpec& m : g->model->spec.muscles) names.push_back(m.name);
  for (const auto& [muscle, edit] : sc.muscle_edits)
    if (std::find(names.begin(), names.end(), muscle) == names.end())
      throw ModelError(sc.muscle_edit_where.at(muscle) + ": '" + muscle + "' is not a muscle of " +
                       sc.model_dir + did_you_mean(muscle, names));
  std::map<std::string, MuscleEdit> edits = sc.muscle_edits;
  for (const Scenario::Intervention& x : sc.interventions) {
    if (std::find(names.begin(), names.end(), x.muscle) == names.end())
      throw ModelError(x.where + ": intervention muscle '" + x.muscle + "' is not a muscle of " +
                       sc.model_dir + did_you_mean(x.muscle, names));
    // releases combine: what is left of the band after one is released again by the next
    MuscleEdit& e = edits[x.muscle];
    e.release = 1.0 - (1.0 - e.release) * (1.0 - x.release);
  }
  g->muscles = make_muscle_set(*g->model, g->model->spec.itb_link.muscles, edits);
  for (const auto& [muscle, a] : sc.min_activation) {
    auto it = std::find_if(g->muscles.muscles.begin(), g->muscles.muscles.end(),
                           [&](const LegMuscle& m) { return m.name == muscle; });
    if (it == g->muscles.muscles.end())
      throw ModelError(sc.file + ": min_activation of '" + muscle + "': not a muscle of the leg" +
                       did_you_mean(muscle, names));
    it->activation_floor = a;
  }
  g->options.pressure_at_percent = sc.pressure_at;
  g->options.quadriceps_line_rotation = sc.quadriceps_angle;
  g->options.itb_pretension = sc.itb_pretension;
  g->options.cycles = sc.cycles;
  g->options.frames_per_cycle = sc.frames_per_cycle;
  return g;
}

}  // namespace patella
