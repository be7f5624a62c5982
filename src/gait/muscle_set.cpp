#include "patella/gait/muscle_set.hpp"

#include <algorithm>

#include "patella/core/error.hpp"

namespace patella {

MuscleSet make_muscle_set(const Model& knee, const std::vector<std::string>& itb_muscles,
                          const std::map<std::string, MuscleEdit>& edits) {
  MuscleSet set;
  const ModelSpec& spec = knee.spec;
  set.wraps = make_leg_wraps(spec);
  for (const MuscleSpec& m : spec.muscles) {
    bool on_leg = !m.path.points.empty();
    for (const PathPointSpec& p : m.path.points) on_leg = on_leg && leg_body_index(p.body) >= 0;
    if (!on_leg) continue;  // another limb's muscle
    LegMuscle lm;
    lm.name = m.name;
    lm.path = make_leg_path(set.wraps, m.path, m.name);
    lm.curves = build_millard_curves(m.curves);
    lm.params.max_isometric_force = m.max_isometric_force;
    lm.params.optimal_fiber_length = m.optimal_fiber_length;
    lm.params.tendon_slack_length = m.tendon_slack_length;
    lm.params.pennation_angle_at_optimal = m.pennation_angle_at_optimal;
    lm.params.max_contraction_velocity = m.max_contraction_velocity;
    lm.minimum_activation = m.minimum_activation;
    lm.activation_time_constant = m.activation_time_constant;
    lm.deactivation_time_constant = m.deactivation_time_constant;
    for (int q = 0; q < 4; ++q)
      if (knee.names.quadriceps[q] == m.name) {
        lm.quadriceps = q;
        set.quadriceps[q] = static_cast<int>(set.muscles.size());
      }
    lm.into_itb = std::find(itb_muscles.begin(), itb_muscles.end(), m.name) != itb_muscles.end();
    set.muscles.push_back(std::move(lm));
  }
  for (int q = 0; q < 4; ++q)
    if (set.quadriceps[q] < 0)
      throw ModelError(spec.source_file + ": quadriceps muscle '" + knee.names.quadriceps[q] +
                       "' not found on the leg");
  for (const std::string& name : itb_muscles) {
    const bool found = std::any_of(set.muscles.begin(), set.muscles.end(),
                                   [&](const LegMuscle& m) { return m.name == name; });
    if (!found)
      throw ModelError(knee.spec.itb_link.source + ": ITB muscle '" + name +
                       "' is not a muscle of the leg");
  }
  for (const auto& [name, edit] : edits) {
    auto it = std::find_if(set.muscles.begin(), set.muscles.end(),
                           [&](const LegMuscle& m) { return m.name == name; });
    if (it == set.muscles.end())
      throw ModelError("muscle edit: '" + name + "' is not a muscle of the leg");
    it->edit = edit;
    it->params = tightened_params(it->params, edit);
  }
  set.itb.muscles = itb_muscles;
  const LigamentSpec* itb = spec.find_ligament(spec.itb_link.itb_ligament);
  if (!itb)
    throw ModelError(spec.source_file + ": ITB ligament '" + spec.itb_link.itb_ligament +
                     "' not found");
  set.itb.path = make_leg_path(set.wraps, itb->path, itb->name);
  set.itb.params = {itb->linear_stiffness, itb->slack_length, itb->transition_strain};
  return set;
}

void evaluate_muscles(const MuscleSet& set, const FrameKinematics& k, MuscleFrame& out,
                      bool quadriceps_only) {
  const std::size_t n = set.muscles.size();
  PATELLA_THROW_UNLESS(!quadriceps_only || out.length.size() == n);
  out.length.resize(n);
  out.velocity.resize(n);
  out.moment_arm.resize(n);
  out.active.resize(n);
  out.passive.resize(n);
  PathGeometry g;
  for (std::size_t m = 0; m < n; ++m) {
    const LegMuscle& mu = set.muscles[m];
    if (quadriceps_only && mu.quadriceps < 0) continue;
    evaluate_path(set.wraps, mu.path, k.X_prev, k.q_prev, g);
    const double l_prev = g.length;
    evaluate_path(set.wraps, mu.path, k.X_next, k.q_next, g);
    const double l_next = g.length;
    evaluate_path(set.wraps, mu.path, k.X, k.q, g);
    out.length[m] = g.length;
    out.velocity[m] = (l_next - l_prev) / (2 * k.ht);
    // r = -dl/dq (OpenSim's definition). Over fixed points and cylinders the path is a true
    // shortest path, so the virtual work of a unit tension gives the same arm from one path
    // evaluation; over an ellipsoid the planar wrap path is not exactly a geodesic (the two differ
    // by up to about 0.1 mm, tests/gait/muscle_path_test.cpp), and a MovingPathPoint moves in its
    // body, so there the length is differenced.
    bool difference = mu.path.has_moving_points;
    for (int w : mu.path.wraps) difference = difference || set.wraps[w].type != LegWrap::Type::Cylinder;
    for (std::size_t j = 0; j < 5; ++j) {
      if (!difference) {
        out.moment_arm[m][j] = path_generalized_force(g, k.X, k.dq[j][1], k.dq[j][0], k.hq);
        continue;
      }
      PathGeometry gj;
      evaluate_path(set.wraps, mu.path, k.dq[j][1], k.dq_q[j][1], gj);
      const double lp = gj.length;
      evaluate_path(set.wraps, mu.path, k.dq[j][0], k.dq_q[j][0], gj);
      out.moment_arm[m][j] = -(lp - gj.length) / (2 * k.hq);
    }
    const RigidTendonState s = apply_muscle_edit(
        rigid_tendon_state(mu.curves, out.length[m], out.velocity[m], mu.params), mu.curves,
        mu.params, mu.edit);
    out.active[m] = s.active_coeff;
    out.passive[m] = s.passive_force;
  }
  if (quadriceps_only) return;
  evaluate_path(set.wraps, set.itb.path, k.X, k.q, g);
  out.itb_passive = blankevoort_force(set.itb.params, g.length);
}

}  // namespace patella
