#include "patella/mechanics/sweep.hpp"

#include <cmath>

#include "patella/mechanics/kinematics.hpp"
#include "patella/mechanics/tibiofemoral.hpp"

namespace patella {

std::array<double, 6> pf_coordinates(const Model& model, const Transform& X_FK,
                                     const std::array<double, 6>& q0) {
  const std::vector<double> q =
      joint_coordinates(model.tree.joints[model.pf_joint], X_FK,
                        std::vector<double>(q0.begin(), q0.end()), model.tree.default_q);
  std::array<double, 6> out{};
  for (int k = 0; k < 6; ++k) out[k] = q[k];
  return out;
}

std::vector<SweepRow> run_sweep(const Model& model, const SweepOptions& opt,
                                const Progress& progress) {
  std::vector<SweepRow> rows;
  EquilibriumWorkspace ws = make_equilibrium_workspace(model);
  PatellaState state = default_patella_state(model);
  std::array<double, 6> q{};
  for (int k = 0; k < 6; ++k) q[k] = model.pf_default[k];
  double current = 0.0;
  KneePose pose = opt.pose;
  KneeLoads loads = opt.loads;
  const bool solve_tf = opt.solver.solve_tibiofemoral;
  bool have_tf = false;          // the tibia's last solved coordinates, the next warm start
  std::array<double, 5> tf_state{};

  const int total = static_cast<int>(opt.flexion.size());
  for (int i = 0; i < total; ++i) {
    const double target = opt.flexion[i];
    // continuation: sub-steps toward the target angle, each warm-started from the last
    // converged state; a sub-step that fails is halved (up to 5 times) before giving up
    EquilibriumReport rep;
    KneeFrames frames;
    PatellaState reported = state;  // the row's pose: converged, or the failed last trial
    double step = std::max(opt.max_continuation_step, 1e-9);
    int halvings = 0;
    while (true) {
      const double remaining = target - current;
      const double delta = std::abs(remaining) <= step ? remaining : std::copysign(step, remaining);
      pose.knee_flexion = current + delta;
      loads = opt.loads;
      if (opt.customize) opt.customize(pose.knee_flexion, pose, loads);
      if (solve_tf && have_tf) {
        KneePose p = pose;
        p.tf_override = true;
        p.tf_secondary = tf_state;
        p.knee_rotation_offset = 0.0;  // tf_state holds it
        frames = compute_knee_frames(model, p);
        frames.pose = pose;
      } else {
        frames = compute_knee_frames(model, pose);
      }
      if (solve_tf && opt.tibia_gravity) add_tibia_gravity(model, frames, loads);
      PatellaState trial = state;
      rep = solve_equilibrium(model, frames, loads, opt.solver, ws, trial);
      const bool last = std::abs(delta - remaining) < 1e-12;
      if (rep.converged) {
        state = trial;
        if (solve_tf) {
          tf_state = frames.tf_secondary;
          have_tf = true;
        }
        reported = trial;
        current = pose.knee_flexion;
        if (last) break;
        if (halvings > 0) step = std::min(2 * step, opt.max_continuation_step);
      } else if (halvings < 5 && std::abs(delta) > 1e-6) {
        step = std::abs(delta) / 2;
        ++halvings;
      } else {
        // keep the last converged state as the warm start; report this angle as failed, with
        // the pose and forces of its last trial (consistent with its residual)
        current = pose.knee_flexion;
        if (last) {
          reported = trial;
          break;
        }
      }
    }

    SweepRow row;
    row.knee_flexion = target;
    row.report = rep;
    row.state = reported;
    // refresh the element forces at the accepted state
    Residual r;
    compute_residual(model, frames, loads, reported, ws, r, nullptr);
    row.contact = ws.forces.contact;
    row.pressure = ws.contact.pressure;
    row.ligament_tension = ws.forces.ligament_tension;
    row.muscle_direction = ws.forces.muscle_direction;
    row.itb_link_tension = ws.forces.itb_link_tension;
    if (model.itb.enabled) row.itb_node_offset = ws.forces.itb_node - model.itb.kaplan_anchor_F;
    row.kaplan_force = ws.forces.kaplan_force;
    row.itb_tension = loads.itb_tension;
    row.quadriceps = loads.quadriceps;
    row.quadriceps.resize(model.muscles.size(), 0.0);
    row.ligaments_crossing_wrap = ws.forces.ligaments_crossing_wrap;
    row.tf_secondary = frames.tf_secondary;
    if (solve_tf) {
      compute_tibia_forces(model, frames, loads, reported, false, ws);
      row.tibia = ws.tibia;
      row.tf_pressure = ws.tf_contact.pressure;
    }
    q = pf_coordinates(model, reported.X_FK, q);
    row.pf = q;

    // stability: the push that holds pf_tz at +/- shift with the other five coordinates free
    // (meaningless, and flagged, when the equilibrium itself failed)
    if (opt.stability_shift > 0.0 && !rep.converged) row.stability_converged = false;
    if (opt.stability_shift > 0.0 && rep.converged) {
      for (int side = 0; side < 2; ++side) {
        SolverOptions so = opt.solver;
        so.fix_lateral = true;
        const double sign = side == 0 ? 1.0 : -1.0;
        so.lateral_target = state.X_FK.p.z() + sign * opt.stability_shift;
        PatellaState st = state;
        EquilibriumWorkspace ws2 = ws;
        // approach the offset in 0.5 mm stages so the solver stays in its basin
        const int stages = std::max(1, static_cast<int>(std::ceil(opt.stability_shift / 0.5e-3)));
        EquilibriumReport sr;
        KneeFrames fs = frames;  // solved in place when the tibia is solved
        for (int k = 1; k <= stages; ++k) {
          so.lateral_target = state.X_FK.p.z() + sign * opt.stability_shift * k / stages;
          sr = solve_equilibrium(model, fs, loads, so, ws2, st);
        }
        row.stability_converged = row.stability_converged && sr.converged;
        (side == 0 ? row.lateral_stability : row.medial_stability) =
            sign * sr.constraint_force;
      }
    }
    rows.push_back(std::move(row));
    if (progress) progress(i + 1, total);
  }
  return rows;
}

}  // namespace patella
