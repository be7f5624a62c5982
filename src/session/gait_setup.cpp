#include "patella/session/gait_setup.hpp"

#include <algorithm>

#include "patella/compiler/compile.hpp"
#include "patella/compiler/compile_leg.hpp"
#include "patella/compiler/spec_edits.hpp"
#include "patella/core/error.hpp"
#include "patella/core/strings.hpp"
#include "patella/gait/muscle_path.hpp"
#include "patella/mechanics/leg_kinematics.hpp"

namespace patella {

std::vector<double> default_pose_path_lengths(const Model& model) {
  LegQ q{};
  for (int d = 0; d < kNumLegDofs; ++d) q[d] = model.tree.default_q[model.leg.dofs[d]];
  LegPoses X;
  leg_poses(model.leg, q, default_patella_state(model).X_FK, X);
  std::vector<double> out;
  PathGeometry g;
  for (const LegMuscle& m : model.leg_muscles.muscles) {
    evaluate_path(model.leg_muscles.wraps, m.path, X, q, g);
    out.push_back(g.length);
  }
  evaluate_path(model.leg_muscles.wraps, model.leg_muscles.itb.path, X, q, g);
  out.push_back(g.length);
  return out;
}

MuscleSet without_edits(const MuscleSet& set) {
  MuscleSet out = set;
  for (LegMuscle& m : out.muscles) {
    m.params.tendon_slack_length /= 1.0 + m.edit.tendon_slack_change;  // tightened_params undone
    m.edit = MuscleEdit{};
    m.activation_floor = 0.0;
  }
  return out;
}

std::unique_ptr<GaitSetup> make_gait_setup(const Scenario& sc, ModelSpec spec,
                                           const SubjectScale* subject) {
  auto g = std::make_unique<GaitSetup>();
  for (const auto& [prefix, scale] : sc.ligament_stiffness)
    if (scale_ligament_stiffness(spec, prefix, scale) == 0)
      throw ModelError(sc.ligament_where + ": no ligament of the model starts with '" + prefix + "'");
  for (const auto& [prefix, change] : sc.ligament_slack_change)
    if (change_ligament_slack(spec, prefix, change) == 0)
      throw ModelError(sc.ligament_slack_where + ": no ligament of the model starts with '" + prefix + "'");
  for (ContactMeshSpec& cm : spec.contact_meshes) {
    if (sc.cartilage_modulus > 0.0) cm.elastic_modulus = sc.cartilage_modulus;
    if (sc.cartilage_thickness > 0.0) cm.thickness = sc.cartilage_thickness;
  }
  if (sc.itb_stiffness > 0.0) spec.itb_link.stiffness = sc.itb_stiffness;
  if (sc.itb_kaplan_stiffness > 0.0) spec.itb_link.kaplan_stiffness = sc.itb_kaplan_stiffness;
  for (const auto& [head, share] : sc.head_share) {
    try {
      set_head_share(spec, head, share);
    } catch (const ModelError& e) {
      throw ModelError(sc.head_share_where + ": key 'quadriceps_head_share': " + e.what());
    }
  }
  if (sc.tuberosity_offset != 0.0 && move_tibial_tuberosity(spec, sc.tuberosity_offset) == 0)
    throw ModelError(sc.tuberosity_where + ": key 'tibial_tuberosity_offset': no ligament of " + sc.model_dir +
                     " joins the patella to the tibia");
  // a muscle edit must name a muscle of the model: say where, and the nearest name. An .osim
  // muscle split into heads (PHYSICS.md 5.3) names all its heads: its edit applies to each.
  std::vector<std::string> names;
  std::map<std::string, std::vector<std::string>> heads;
  for (const MuscleSpec& m : spec.muscles) {
    names.push_back(m.name);
    if (!m.head_of.empty()) {
      if (!heads.count(m.head_of)) names.push_back(m.head_of);
      heads[m.head_of].push_back(m.name);
    }
  }
  auto members = [&](const std::string& name) {
    auto it = heads.find(name);
    return it == heads.end() ? std::vector<std::string>{name} : it->second;
  };
  for (const auto& [muscle, scale] : sc.model_strength) {
    if (std::find(names.begin(), names.end(), muscle) == names.end())
      throw ModelError(sc.model_strength_where + ": model_strength: '" + muscle + "' is not a muscle of " +
                       sc.model_dir + did_you_mean(muscle, names));
    for (const std::string& h : members(muscle))
      for (MuscleSpec& m : spec.muscles)
        if (m.name == h) m.max_isometric_force *= scale;
  }
  for (const auto& [muscle, edit] : sc.muscle_edits)
    if (std::find(names.begin(), names.end(), muscle) == names.end())
      throw ModelError(sc.muscle_edit_where.at(muscle) + ": '" + muscle + "' is not a muscle of " +
                       sc.model_dir + did_you_mean(muscle, names));
  // a head named itself wins over its muscle's edit
  std::map<std::string, MuscleEdit> edits;
  for (const auto& [muscle, edit] : sc.muscle_edits)
    if (heads.count(muscle))
      for (const std::string& h : members(muscle)) edits.emplace(h, edit);
  for (const auto& [muscle, edit] : sc.muscle_edits)
    if (!heads.count(muscle)) edits[muscle] = edit;
  std::map<std::string, double> floors;  // as the edits: a head named itself wins
  for (const auto& [muscle, a] : sc.min_activation)
    if (heads.count(muscle))
      for (const std::string& h : members(muscle)) floors.emplace(h, a);
  for (const auto& [muscle, a] : sc.min_activation)
    if (!heads.count(muscle)) floors[muscle] = a;
  for (const Scenario::Intervention& x : sc.interventions) {
    if (std::find(names.begin(), names.end(), x.muscle) == names.end())
      throw ModelError(x.where + ": intervention muscle '" + x.muscle + "' is not a muscle of " +
                       sc.model_dir + did_you_mean(x.muscle, names));
    // releases combine: what is left of the band after one is released again by the next
    for (const std::string& h : members(x.muscle)) {
      MuscleEdit& e = edits[h];
      e.release = 1.0 - (1.0 - e.release) * (1.0 - x.release);
    }
  }
  // edits and activation floors go into the spec, and the compiler builds the muscle set with them
  for (MuscleSpec& m : spec.muscles) {
    if (auto it = edits.find(m.name); it != edits.end()) m.edit = it->second;
    if (auto it = floors.find(m.name); it != floors.end()) m.activation_floor = it->second;
  }
  const std::string source = spec.source_file;
  std::vector<double> unscaled_lengths;
  if (subject) {
    // (its path lengths need no contact surfaces: those are built once, for the scaled model)
    const std::unique_ptr<Model> unscaled = compile(spec, KneeNames{}, CompileScope::WithoutContact);
    if (!unscaled->has_leg) throw ModelError(unscaled->leg_error);
    unscaled_lengths = default_pose_path_lengths(*unscaled);
    g->scaling = scale_to_subject(spec, *subject);
    g->scaled = true;
  }
  g->model = compile(std::move(spec));
  if (subject) {
    if (!g->model->has_leg) throw ModelError(g->model->leg_error);
    const std::vector<double> scaled = default_pose_path_lengths(*g->model);
    MuscleSet& set = g->model->leg_muscles;
    for (std::size_t m = 0; m < set.muscles.size(); ++m) {
      const double r = scaled[m] / unscaled_lengths[m];
      set.muscles[m].params.optimal_fiber_length *= r;
      set.muscles[m].params.tendon_slack_length *= r;
    }
    set.itb.params.slack_length *= scaled.back() / unscaled_lengths.back();
  }
  const Model& model = *g->model;
  if (!model.has_leg) throw ModelError(model.leg_error);
  auto on_leg = [&](const std::string& muscle) {
    const auto& ms = model.leg_muscles.muscles;
    return std::any_of(ms.begin(), ms.end(), [&](const LegMuscle& m) { return m.name == muscle; });
  };
  for (const auto& [muscle, edit] : edits)
    if (!on_leg(muscle)) throw ModelError("muscle edit: '" + muscle + "' is not a muscle of the leg");
  for (const auto& [muscle, a] : floors)
    if (!on_leg(muscle))
      throw ModelError(sc.file + ": min_activation of '" + muscle + "': not a muscle of the leg" +
                       did_you_mean(muscle, names));
  if (!model.has_foot) throw ModelError(model.foot_error);
  g->options.pressure_at_percent = sc.pressure_at;
  g->options.quadriceps_line_rotation = sc.quadriceps_angle;
  g->options.itb_pretension = sc.itb_pretension;
  g->options.cycles = sc.cycles;
  g->options.frames_per_cycle = sc.frames_per_cycle;
  g->options.solve_tibiofemoral = sc.tibiofemoral == "solved";
  if (g->options.solve_tibiofemoral && !model.has_tf_contact)
    throw ModelError(sc.file + ": knee.tibiofemoral solved: the model has no contact '" +
                     model.names.tf_contact + "' between tibia and femur");
  if (sc.control == "uncompensated") {
    g->baseline_muscles = without_edits(model.leg_muscles);
    g->options.control = Control::Uncompensated;
    g->options.baseline_muscles = &g->baseline_muscles;
  } else if (sc.control == "emg_constrained") {
    g->options.control = Control::EmgConstrained;
    try {
      g->options.activation_constraints = emg_constraints(model.leg_muscles, sc.emg);
    } catch (const ModelError& e) {
      throw ModelError(sc.file + ": " + e.what());
    }
  } else if (sc.control != "compensated") {
    throw ModelError(sc.file + ": control '" + sc.control +
                     "' is none of compensated, uncompensated, emg_constrained");
  }
  return g;
}

}  // namespace patella
