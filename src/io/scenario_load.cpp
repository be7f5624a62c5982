// Loading a scenario's files: the model folder and the gait input; the scenario itself is
// applied to the model by the session layer (make_gait_setup).
#include "patella/core/error.hpp"
#include "patella/gait/step_rate.hpp"
#include "patella/io/gait_reader.hpp"
#include "patella/io/load_model.hpp"
#include "patella/io/scenario.hpp"
#include "patella/io/subject_read.hpp"

namespace patella {

std::unique_ptr<GaitSetup> load_gait_setup(const Scenario& sc) {
  ModelLoadOptions options;
  if (sc.osim_quadriceps) options.quadriceps_heads = false;
  if (sc.osim_ligament_stiffness) options.ligament_stiffness = "osim";
  options.strength_file = sc.strength_file;
  SubjectScale subject;
  if (!sc.subject_file.empty()) subject = read_subject(sc.subject_file);
  std::unique_ptr<GaitSetup> g = make_gait_setup(sc, load_model_spec(sc.model_dir, options),
                                                 sc.subject_file.empty() ? nullptr : &subject);
  LegQ defaults{};
  for (int d = 0; d < kNumLegDofs; ++d) defaults[d] = g->model->tree.default_q[g->model->leg.dofs[d]];
  g->input = sc.cycle_csv.empty() ? read_opensim_gait(sc.trial)
                                  : read_cycle_csv(sc.cycle_csv, g->model->leg.body_mass, defaults);
  if (g->scaled) {
    const SubjectScaling& s = g->scaling;
    std::string text = "model scaled to " + (subject.name.empty() ? sc.subject_file : subject.name) +
                       ": mass " + fmt(s.model_mass) + " -> " + fmt(s.subject_mass) + " kg";
    for (const auto& [body, f] : s.length_factor) text += ", " + body + " x" + fmt(f);
    g->input.notes.push_back(text);
    if (subject.has_hip_centre) {
      shift_pelvis_in_pelvis_frame(g->input, g->model->leg, s.hip_shift);
      g->input.notes.push_back("pelvis moved by the hip centre difference (" +
                               fmt(s.hip_shift.x() * 1e3) + ", " + fmt(s.hip_shift.y() * 1e3) +
                               ", " + fmt(s.hip_shift.z() * 1e3) + ") mm in the pelvis frame");
    }
  }
  if (sc.step_rate_change != 0.0) {
    StepRateChange c;
    c.change = sc.step_rate_change;
    c.contact_time_exponent = sc.contact_time_exponent;
    try {
      g->input = change_step_rate(g->input, g->model->leg, g->model->foot, c);
    } catch (const ModelError& e) {
      throw ModelError(sc.step_rate_where + ": key 'step_rate_change': " + e.what());
    }
  }
  g->input.edits = sc.kinematics;
  return g;
}

}  // namespace patella
