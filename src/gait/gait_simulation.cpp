#include "patella/gait/gait_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "patella/core/error.hpp"
#include "patella/gait/shank_load.hpp"
#include "patella/gait/static_optimization.hpp"
#include "patella/mechanics/clinical_alignment.hpp"
#include "patella/mechanics/force_budget.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/mechanics/tibiofemoral.hpp"
#include "patella/mechanics/leg_kinematics.hpp"

namespace patella {

namespace {

constexpr double kTimeStep = 1e-3;   // [s] central differences in time (velocities)
constexpr double kCoordStep = 1e-4;  // [rad] central differences in the coordinates (arms);
                                     // error O(h^2) ~ 1e-8, above the wrap solver's round-off

void frame_kinematics(const Leg& leg, const GaitInput& in, double t, const Transform& X_FK,
                      FrameKinematics& K) {
  K.ht = kTimeStep;
  K.hq = kCoordStep;
  K.q = coordinates_at(in, t);
  K.q_prev = coordinates_at(in, t - kTimeStep);
  K.q_next = coordinates_at(in, t + kTimeStep);
  const double femoral_rot = femoral_rotation_at(in, t);
  leg_poses(leg, K.q, X_FK, K.X, femoral_rot);
  leg_poses(leg, K.q_prev, X_FK, K.X_prev, femoral_rotation_at(in, t - kTimeStep));
  leg_poses(leg, K.q_next, X_FK, K.X_next, femoral_rotation_at(in, t + kTimeStep));
  for (std::size_t j = 0; j < 5; ++j)
    for (int s = 0; s < 2; ++s) {
      K.dq_q[j][s] = K.q;
      K.dq_q[j][s][kDrivenDofs[j]] += (s == 0 ? -kCoordStep : kCoordStep);
      leg_poses(leg, K.dq_q[j][s], X_FK, K.dq[j][s], femoral_rot);
    }
}

// the same with the patella moved to X_FK: nothing else in K depends on it (leg_poses)
void move_patella(const Transform& X_FK, FrameKinematics& K) {
  auto move = [&](LegPoses& X) { X[kPatella] = X[kFemurDistal] * X_FK; };
  move(K.X);
  move(K.X_prev);
  move(K.X_next);
  for (auto& pair : K.dq)
    for (LegPoses& X : pair) move(X);
}

// generalized force on knee_flex of the patellar-tendon bundles' pull on the tibia [N m], with
// the patella at st: the frame's leg poses K (at q and with knee_flex -/+ kCoordStep) give the
// tibia, which does not depend on the patella
double patellar_tendon_knee_force(const Model& knee, const Leg& leg, const FrameKinematics& K,
                                  const PatellaState& st, const std::vector<double>& tension) {
  constexpr std::size_t kKnee = 3;  // knee_flex in kDrivenDofs
  static_assert(kDrivenDofs[kKnee] == kKneeFlex);
  const LegPoses& X = K.X;
  const LegPoses& Xp = K.dq[kKnee][1];
  const LegPoses& Xm = K.dq[kKnee][0];
  const Transform X_patella = X[kFemurDistal] * st.X_FK;
  double tau = 0.0;
  for (std::size_t i = 0; i < knee.ligaments.size(); ++i) {
    const PatellaLigament& lig = knee.ligaments[i];
    const int b = lig.other_body_index == leg.body_index[kTibia]           ? kTibia
                  : lig.other_body_index == leg.body_index[kTibiaProximal] ? kTibiaProximal
                                                                           : -1;
    if (b < 0) continue;
    const Vec3 p_tib = X[b] * lig.p_B, p_pat = X_patella * lig.p_K;
    const Vec3 f = tension[i] * (p_pat - p_tib).normalized();  // on the tibia, in G
    // the tibial point's motion relative to the femur (the femur is fixed when only the knee
    // coordinate moves)
    const Vec3 dp = (Xp[b] * lig.p_B - Xm[b] * lig.p_B) / (2 * kCoordStep);
    tau += f.dot(dp);
  }
  return tau;
}

KneeLoads knee_loads_of(const MuscleSet& set, const std::vector<double>& force,
                        double itb_passive, double& itb_tension, const GaitOptions& opt) {
  KneeLoads loads;
  loads.quadriceps.resize(set.quadriceps.size());
  for (std::size_t k = 0; k < set.quadriceps.size(); ++k) loads.quadriceps[k] = force[set.quadriceps[k]];
  loads.quadriceps_line_rotation = opt.quadriceps_line_rotation;
  itb_tension = itb_passive + opt.itb_pretension;
  for (std::size_t m = 0; m < set.muscles.size(); ++m)
    if (set.muscles[m].into_itb) itb_tension += force[m];
  loads.itb_tension = itb_tension;
  return loads;
}

// each muscle's tendon force at activations a: a A + P (rigid tendon)
std::vector<double> muscle_forces(const MuscleFrame& mf, const std::vector<double>& a) {
  std::vector<double> f(a.size());
  for (std::size_t m = 0; m < a.size(); ++m) f[m] = a[m] * mf.active[m] + mf.passive[m];
  return f;
}

// The patella carried on from three equally spaced frames s0, s1, s2 by a quadratic through
// them: the translation p = 3 p2 - 3 p1 + p0, the rotation by the next increment
// w = 2 w21 - w10 (rotation vectors of R2 R1^T and R1 R0^T, in F), R = exp(w) R2; the ITB node
// like the translation.
PatellaState extrapolated_state(const PatellaState& s0, const PatellaState& s1, const PatellaState& s2) {
  PatellaState s = s2;
  const Vec3 w10 = rotation_vector(s1.X_FK.R * s0.X_FK.R.transpose());
  const Vec3 w21 = rotation_vector(s2.X_FK.R * s1.X_FK.R.transpose());
  const Vec3 w = 2 * w21 - w10;
  if (w.norm() > 0) s.X_FK.R = axis_angle(w, w.norm()) * s2.X_FK.R;
  s.X_FK.p = 3 * s2.X_FK.p - 3 * s1.X_FK.p + s0.X_FK.p;
  if (s0.itb_node.allFinite() && s1.itb_node.allFinite() && s2.itb_node.allFinite())
    s.itb_node = 3 * s2.itb_node - 3 * s1.itb_node + s0.itb_node;
  return s;
}

// Solves the patella (and a solved tibia) at (pose, loads) from `state`. When the warm start is
// too far (a large jump between frames), walks there from the last solved (pose, loads) in
// sub-steps, as the knee sweep does, so a failure is only reported when the continuation fails
// too. `frames` holds the tibia's start and returns its solved pose.
struct SolvedPoint {
  KneePose pose;
  KneeLoads loads;
  PatellaState state;
  std::array<double, 5> tf{};  ///< the tibia's secondary coordinates there
  bool valid = false;
};
EquilibriumReport solve_frame(const Model& knee, const KneePose& pose, KneeFrames& frames,
                              const KneeLoads& loads, const SolverOptions& solver,
                              EquilibriumWorkspace& ws, PatellaState& state,
                              const SolvedPoint& last, int& solves, int& iterations) {
  EquilibriumReport rep = solve_equilibrium(knee, frames, loads, solver, ws, state);
  ++solves;
  iterations += rep.iterations;
  if (rep.converged || !last.valid) return rep;
  // the continuation walks from a solved point in sub-steps, each a short cold-ish start: the
  // solver's own damping, not a warm start's
  SolverOptions walk = solver;
  walk.initial_damping = SolverOptions{}.initial_damping;
  for (int substeps : {4, 16}) {
    state = last.state;
    std::array<double, 5> tf = last.tf;
    KneeFrames fp;
    bool ok = true;
    for (int i = 1; i <= substeps && ok; ++i) {
      const double w = double(i) / substeps;
      KneePose p = pose;
      p.knee_flexion = (1 - w) * last.pose.knee_flexion + w * pose.knee_flexion;
      p.hip_flexion = (1 - w) * last.pose.hip_flexion + w * pose.hip_flexion;
      p.hip_adduction = (1 - w) * last.pose.hip_adduction + w * pose.hip_adduction;
      p.hip_rotation = (1 - w) * last.pose.hip_rotation + w * pose.hip_rotation;
      p.femoral_rotation = (1 - w) * last.pose.femoral_rotation + w * pose.femoral_rotation;
      KneeLoads l = loads;
      for (std::size_t k = 0; k < l.quadriceps.size(); ++k)
        l.quadriceps[k] = (1 - w) * last.loads.quadriceps[k] + w * loads.quadriceps[k];
      l.itb_tension = (1 - w) * last.loads.itb_tension + w * loads.itb_tension;
      l.tibia_force = (1 - w) * last.loads.tibia_force + w * loads.tibia_force;
      l.tibia_moment = (1 - w) * last.loads.tibia_moment + w * loads.tibia_moment;
      if (solver.solve_tibiofemoral) {
        p.tf_override = true;
        p.tf_secondary = tf;
      }
      fp = compute_knee_frames(knee, p);
      rep = solve_equilibrium(knee, fp, l, walk, ws, state);
      tf = fp.tf_secondary;
      ++solves;
      iterations += rep.iterations;
      ok = rep.converged;
    }
    if (ok) {
      if (solver.solve_tibiofemoral) frames = fp;
      return rep;
    }
  }
  return rep;
}

}  // namespace

KneePose knee_pose_of(const LegQ& q, double femoral_rotation) {
  KneePose p;
  p.femoral_rotation = femoral_rotation;
  p.knee_flexion = q[kKneeFlex];
  p.hip_flexion = q[kHipFlex];
  p.hip_adduction = q[kHipAdd];
  p.hip_rotation = q[kHipRot];
  return p;
}

GaitResult simulate_gait(const Model& knee, const Leg& leg, const MuscleSet& set,
                         const GaitInput& in, const FootLine& foot, const GaitOptions& opt,
                         const GaitProgress& progress) {
  PATELLA_THROW_UNLESS(opt.frames_per_cycle >= 3 && opt.cycles >= 1);
  const bool periodic = !in.grf.point_in_ground;  // a cycle CSV repeats; a trial does not
  if (opt.cycles > 1 && !periodic)
    throw SimulationError(in.label + ": a recorded trial holds one cycle; cycles must be 1");
  const std::size_t n_muscles = set.muscles.size();
  const int N = opt.frames_per_cycle;
  const double T = in.t_end - in.t_start;

  GaitResult res;
  res.body_mass = leg.body_mass;
  res.time_offset = in.t_start;
  res.quadriceps_line_rotation = opt.quadriceps_line_rotation;
  for (const LegMuscle& m : set.muscles) {
    res.muscles.push_back(m.name);
    res.muscle_of.push_back(m.quadriceps >= 0 ? knee.muscles[m.quadriceps].muscle : m.name);
  }
  res.quadriceps = set.quadriceps;
  for (const PatellaLigament& l : knee.ligaments) res.ligaments.push_back(l.name);
  res.budget_terms = force_budget_terms(knee);
  res.stance_percent = 100.0 * (in.stance_end - in.t_start) / T;
  res.notes = in.notes;

  // 1. static optimisation, iterated with the patella, over one cycle
  std::vector<double> times(N);
  for (int k = 0; k < N; ++k) times[k] = in.t_start + T * k / (N - 1);
  std::vector<MuscleFrame> mf(N);
  std::vector<std::vector<double>> a_so(N);
  std::vector<double> arm(N, 0.0);
  std::vector<int> coupling(N, 0);
  std::vector<DrivenMoments> tau(N);
  std::vector<std::array<double, 5>> reserve(N);
  std::vector<PatellaState> so_state(N);
  std::vector<KneeLoads> so_loads(N);
  std::vector<std::string> so_failure(N);
  EquilibriumWorkspace ws = make_equilibrium_workspace(knee);
  PatellaState state = default_patella_state(knee);
  SolverOptions solver;
  solver.solve_tibiofemoral = opt.solve_tibiofemoral;
  solver.exact_contact = opt.exact_contact;
  // the static-optimisation pass's (GaitOptions::coupling_force_tolerance)
  SolverOptions coupling_solver = solver;
  if (opt.linearised_coupling) {
    coupling_solver.force_tolerance = std::max(solver.force_tolerance, opt.coupling_force_tolerance);
    coupling_solver.moment_tolerance = std::max(solver.moment_tolerance, opt.coupling_moment_tolerance);
  }
  const bool solve_tf = opt.solve_tibiofemoral;
  // warm starts (every frame's but the first of the static-optimisation pass) of the patella
  // alone start from a small damping (GaitOptions::warm_start_damping)
  SolverOptions warm_solver = solver, warm_coupling_solver = coupling_solver;
  if (!solve_tf) warm_solver.initial_damping = warm_coupling_solver.initial_damping = opt.warm_start_damping;
  std::vector<std::array<double, 5>> so_tf(N);   // the solved tibia of each frame's SO pass
  std::array<double, 5> tf_warm{};               // the last solved tibia (warm start)
  bool have_tf_warm = false;
  // the knee's frames at a pose: the tibia from the last solved one when it is solved
  auto frames_for = [&](const KneePose& pose) {
    if (!solve_tf || !have_tf_warm) return compute_knee_frames(knee, pose);
    KneePose p = pose;
    p.tf_override = true;
    p.tf_secondary = tf_warm;
    KneeFrames fr = compute_knee_frames(knee, p);
    fr.pose = pose;
    return fr;
  };
  // the tibia's external load in F (gait/shank_load.hpp): the segments' load and the
  // knee-crossing muscles' pull at poses X, as a force at the tibia's origin and a moment
  auto add_tibia_loads = [&](const ShankLoad& segments, const MuscleSet& s, const LegPoses& X,
                             const LegQ& q, const std::vector<double>& force, KneeLoads& loads) {
    if (!solve_tf) return;
    const ShankLoad muscles = knee_muscle_load(s, X, q, force);
    const Mat3 R_FG = X[kFemurDistal].R.transpose();
    loads.tibia_force = R_FG * (segments.force + muscles.force);
    loads.tibia_force_point = Vec3::Zero();
    loads.tibia_moment = R_FG * (segments.moment + muscles.moment);
  };
  std::vector<double> warm;
  double quad_arm = -0.04;  // [m] first guess: a 4 cm extensor arm (refined below)
  SolvedPoint last;
  FrameKinematics P;
  // One pass over the cycle with the muscle set `s`. Without `held`, static optimisation finds
  // the activations (compensated control); with it, the activations are held at held[k] (raised
  // to the set's floors) and the net-moment imbalance they leave goes into `reserve`
  // (uncompensated control, PHYSICS.md 7).
  auto muscle_pass = [&](const MuscleSet& s, const std::vector<std::vector<double>>* held,
                         const std::string& stage) {
    state = default_patella_state(knee);
    have_tf_warm = false;
    warm.clear();
    quad_arm = -0.04;
    last = SolvedPoint{};
    std::fill(so_failure.begin(), so_failure.end(), std::string());
    for (int k = 0; k < N; ++k) {
      const double t = times[k];
      const LegQ q = coordinates_at(in, t);
      // the first guess: the patella carried on from the last three frames (equally spaced in
      // time) rather than left where the last frame ended
      if (k >= 3 && so_failure[k - 1].empty() && so_failure[k - 2].empty() && so_failure[k - 3].empty())
        state = extrapolated_state(so_state[k - 3], so_state[k - 2], so_state[k - 1]);
      tau[k] = inverse_dynamics(leg, in, foot, t, state.X_FK);
      StaticOptimizationProblem sp;
      sp.tau = tau[k];
      for (const LegMuscle& m : s.muscles)
        sp.lower.push_back(std::max(m.minimum_activation, m.activation_floor));
      const double femoral_rot = femoral_rotation_at(in, t);
      const KneePose pose = knee_pose_of(q, femoral_rot);
      const ShankLoad segments = solve_tf ? shank_segment_load(leg, in, foot, t, state.X_FK) : ShankLoad{};
      KneeFrames frames;
      int it = 0;
      // the patella is the linearised prediction, not a solve (GaitOptions::coupling_confirm_step)
      bool predicted_only = false;
      PatellaState last_solved = state;  // the last solve, which the predictions linearise
      for (; it < opt.max_coupling_iterations; ++it) {
        frames = frames_for(pose);
        if (it == 0) frame_kinematics(leg, in, t, state.X_FK, P);
        else move_patella(state.X_FK, P);
        try {
          evaluate_muscles(s, P, mf[k], it > 0);
        } catch (const SimulationError& e) {
          throw SimulationError(std::string(e.what()) + " at t = " + fmt(t) + " s");
        }
        for (int qm : s.quadriceps) mf[k].moment_arm[qm][3] = quad_arm;
        std::vector<double> force;  // the tendon forces at this iteration's activations
        if (!held) {
          sp.moment_arm = mf[k].moment_arm;
          sp.active = mf[k].active;
          sp.passive = mf[k].passive;
          if (opt.control == Control::EmgConstrained) sp.constraints = opt.activation_constraints;
          const StaticOptimizationResult so = solve_static_optimization(sp, warm);
          if (!so.converged)
            throw SimulationError("static optimisation did not converge at t = " + fmt(t) + " s");
          warm = so.activation;
          a_so[k] = so.activation;
          reserve[k] = so.reserve;
        } else {
          a_so[k].resize(n_muscles);
          for (std::size_t m = 0; m < n_muscles; ++m)
            a_so[k][m] = std::clamp((*held)[k][m], sp.lower[m], 1.0);
        }
        force = muscle_forces(mf[k], a_so[k]);
        if (held)  // what the held activations leave unexplained: tau - sum(r F), as a reserve
          for (int j = 0; j < 5; ++j) {
            double moment = 0.0;
            for (std::size_t m = 0; m < n_muscles; ++m) moment += mf[k].moment_arm[m][j] * force[m];
            reserve[k][j] = tau[k][j] - moment;
          }
        double itb = 0.0;
        KneeLoads loads = knee_loads_of(s, force, mf[k].itb_passive, itb, opt);
        add_tibia_loads(segments, s, P.X, P.q, force, loads);
        // the linearised prediction of the last step, standing in for a solve (below)
        EquilibriumReport rep;
        if (predicted_only) {
          rep.converged = true;
        } else {
          const bool cold = k == 0 && it == 0;  // from the model's default patella
          rep = solve_frame(knee, pose, frames, loads, cold ? coupling_solver : warm_coupling_solver,
                            ws, state, last, res.equilibrium_solves, res.equilibrium_iterations);
          last_solved = state;
        }
        if (rep.converged) {
          last = {pose, loads, state, frames.tf_secondary, true};
          if (solve_tf) {
            tf_warm = frames.tf_secondary;
            have_tf_warm = true;
          }
        }
        if (!rep.converged) {
          // reported, not thrown: the frame is flagged and named, the run goes on (exit code 3)
          so_failure[k] = "static optimisation pass at t = " + fmt(t) + " s: " + rep.message;
          break;
        }
        double quad_total = 0.0;
        for (double f : loads.quadriceps) quad_total += f;
        const double new_arm =
            patellar_tendon_knee_force(knee, leg, P, state, ws.forces.ligament_tension) / quad_total;
        const double change = std::abs(new_arm - quad_arm);
        if (change < opt.arm_tolerance) {
          quad_arm = new_arm;
          break;
        }
        // under-relaxed from the third pass: where the ITB's pull through the iliopatellar band
        // rivals the quadriceps (swing), the plain iteration oscillates (successive changes of
        // opposite sign, ratio about -0.7) and converges too slowly
        quad_arm = it < 2 ? new_arm : 0.5 * (quad_arm + new_arm);
        // Before the next solve, the same iteration against the patella linearised about this
        // solve (predict_equilibrium): static optimisation and the other elements' forces are
        // cheap, a contact evaluation is not. The next solve then starts at the prediction with
        // an arm that agrees with it, and usually confirms it; where the prediction moved the
        // patella less than coupling_confirm_step, it stands without that solve and the next
        // step predicts again about the same solve. (Compensated control of the patella alone:
        // held activations do not depend on the arm.)
        if (!held && !solve_tf && opt.linearised_coupling) {
          const PatellaState solved = last_solved;
          StaticOptimizationProblem lp = sp;
          double a = quad_arm;
          bool settled = false;
          for (int inner = 0; inner < opt.max_coupling_iterations; ++inner) {
            for (int qm : s.quadriceps) lp.moment_arm[qm][3] = a;
            const StaticOptimizationResult so = solve_static_optimization(lp, warm);
            if (!so.converged) break;
            warm = so.activation;
            const std::vector<double> f = muscle_forces(mf[k], so.activation);
            double itb_l = 0.0;
            const KneeLoads l = knee_loads_of(s, f, mf[k].itb_passive, itb_l, opt);
            double total = 0.0;
            for (double x : l.quadriceps) total += x;
            state = predict_equilibrium(knee, frames, l, solved, ws);
            const double g = patellar_tendon_knee_force(knee, leg, P, state, ws.forces.ligament_tension) / total;
            if (!std::isfinite(g)) {
              state = solved;
              break;
            }
            settled = std::abs(g - a) < opt.arm_tolerance;
            a = inner < 2 || settled ? g : 0.5 * (a + g);
            if (settled) break;
          }
          quad_arm = a;
          // a small prediction stands: the arm agrees with it, and a solve would move the
          // patella by the linearisation's error, second order in this step
          const double turned = Eigen::AngleAxisd(state.X_FK.R * solved.X_FK.R.transpose()).angle();
          const double moved = (state.X_FK.p - solved.X_FK.p).norm() + kMomentScale * turned;
          predicted_only = settled && moved < opt.coupling_confirm_step;
        }
      }
      if (so_failure[k].empty() && it == opt.max_coupling_iterations)
        throw SimulationError("muscle forces and patella position did not agree at t = " + fmt(t) +
                              " s after " + std::to_string(it) + " iterations");
      // the quadriceps' lengths (hence force capacities) at the patella the coupling converged
      // to, not at the iterate before it: the activations are found to the arm tolerance, the
      // forces the later passes use then depend on where the patella ended, not on the path
      if (so_failure[k].empty()) {
        move_patella(state.X_FK, P);
        evaluate_muscles(s, P, mf[k], true);
        for (int qm : s.quadriceps) mf[k].moment_arm[qm][3] = quad_arm;
      }
      arm[k] = quad_arm;
      coupling[k] = it + 1;
      so_state[k] = state;
      so_loads[k] = last.loads;
      so_tf[k] = last.tf;
      if (progress) progress(stage, k + 1, N);
    }
  };
  if (opt.control == Control::EmgConstrained && opt.activation_constraints.empty())
    throw SimulationError("emg_constrained control needs its activation constraints");
  if (opt.control == Control::Uncompensated) {
    if (!opt.baseline_muscles || opt.baseline_muscles->muscles.size() != n_muscles)
      throw SimulationError("uncompensated control needs the baseline's muscle set (the same muscles)");
    muscle_pass(*opt.baseline_muscles, nullptr, "static optimisation (baseline muscles)");
    const std::vector<std::vector<double>> held = a_so;
    muscle_pass(set, &held, "muscles at the baseline's activations");
  } else {
    muscle_pass(set, nullptr, "static optimisation");
  }
  res.control = opt.control;

  // 2. activation dynamics over all cycles
  std::vector<double> all_times;
  for (int c = 0; c < opt.cycles; ++c)
    for (int k = 0; k < N; ++k) all_times.push_back(times[k] + c * T);
  const auto act = integrate_activations(set, times, a_so, periodic, T, all_times,
                                         opt.integrator_abs_tol, opt.integrator_rel_tol,
                                         &res.integrator_steps, opt.stepper);

  // 3. the patella under the integrated muscle forces
  res.frames.reserve(static_cast<std::size_t>(N) * opt.cycles);
  const ClinicalFrame clinical_frame = make_clinical_frame(knee.contact);
  std::array<double, 6> pf_guess{};
  for (int c = 0; c < 6; ++c) pf_guess[c] = knee.pf_default[c];
  // each cycle's largest PF force so far and the per-triangle pressure there (kept as the frames
  // go: no evaluation at the end)
  std::vector<double> peak_force(opt.cycles, -1.0);
  std::vector<std::vector<double>> peak_pressure(opt.cycles);
  for (int c = 0; c < opt.cycles; ++c) {
    for (int k = 0; k < N; ++k) {
      const std::size_t i = static_cast<std::size_t>(c * N + k);
      GaitFrame f;
      f.cycle = c;
      f.time = T * k / (N - 1) + c * T;
      f.gait_percent = 100.0 * k / (N - 1);
      f.q = coordinates_at(in, times[k]);
      f.femoral_rotation = femoral_rotation_at(in, times[k]);
      f.tau_id = tau[k];
      f.reserve = reserve[k];
      f.activation_so = a_so[k];
      f.activation = act[i];
      f.force = muscle_forces(mf[k], act[i]);
      f.quadriceps_arm = arm[k];
      f.coupling_iterations = coupling[k];
      for (std::size_t j = 0; j < 5; ++j)
        for (std::size_t m = 0; m < n_muscles; ++m)
          f.muscle_moment[j] += mf[k].moment_arm[m][j] * f.force[m];
      KneeLoads loads = knee_loads_of(set, f.force, mf[k].itb_passive, f.itb_tension, opt);
      // warm start: this frame's static-optimisation solution, moved as much as the activation
      // dynamics moved the last frame's patella away from its own (the lag changes slowly). A
      // Newton step from the frame's static-optimisation solve under this pass's loads
      // (predict_equilibrium with that solve's contact and Jacobian) was measured worse on the
      // default running cycle: residuals of median 14 N but up to 2,900 N in early stance (this
      // start: 52 N, up to 550 N), 771 contact evaluations instead of 761.
      state = so_state[k];
      if (k > 0 && res.frames.back().report.converged && so_failure[k - 1].empty() && so_failure[k].empty()) {
        const PatellaState& s0 = so_state[k - 1];
        const PatellaState& s1 = res.frames.back().patella;
        state.X_FK.R = s1.X_FK.R * s0.X_FK.R.transpose() * state.X_FK.R;
        state.X_FK.p += s1.X_FK.p - s0.X_FK.p;
      }
      const KneePose pose = knee_pose_of(f.q, f.femoral_rotation);
      if (solve_tf) {
        LegPoses X;
        leg_poses(leg, f.q, state.X_FK, X, f.femoral_rotation);
        add_tibia_loads(shank_segment_load(leg, in, foot, times[k], state.X_FK), set, X, f.q, f.force, loads);
        tf_warm = so_tf[k];
        have_tf_warm = true;
      }
      KneeFrames frames = frames_for(pose);
      const SolvedPoint from{pose, so_loads[k], so_state[k], so_tf[k], true};
      f.report = solve_frame(knee, pose, frames, loads, warm_solver, ws, state, from,
                             res.equilibrium_solves, res.equilibrium_iterations);
      // the leg's bodies (the patella at its solved pose, not the model's default)
      for (std::size_t b = 0; b < frames.X_FB.size(); ++b)
        if (leg_body_index(knee.tree.bodies[b]) >= 0) f.body_poses[knee.tree.bodies[b]] = frames.X_FB[b];
      f.body_poses[knee.names.patella] = state.X_FK;
      // a converged solve's last contact evaluation was at `state`: the budget reuses it
      const PatellaForceBudget budget = force_budget(knee, frames, loads, state, ws, f.report.converged);
      for (const ForceTerm& term : budget.terms) {
        f.budget_force.push_back(term.force);
        f.budget_moment.push_back(term.moment);
      }
      f.ligament_tension = ws.forces.ligament_tension;
      f.contact_pressure = SparseField::from_dense(ws.contact.pressure);
      f.tf_secondary = frames.tf_secondary;
      if (solve_tf) {
        compute_tibia_forces(knee, frames, loads, state, false, ws);
        f.tf_contact = ws.tibia.contact;
        f.tf_contact_pressure = SparseField::from_dense(ws.tf_contact.pressure);
        f.tf_ligament_tension = ws.tibia.ligament_tension;
      }
      if (!so_failure[k].empty()) {
        f.report.converged = false;
        f.report.message = so_failure[k] + (f.report.message.empty() ? "" : "; " + f.report.message);
      }
      f.patella = state;
      f.contact = ws.forces.contact;
      // (the workspace's last contact evaluation is at `state`: the solve's or the budget's)
      if (f.contact.force.norm() > peak_force[c]) {
        peak_force[c] = f.contact.force.norm();
        peak_pressure[c] = ws.contact.pressure;
      }
      const ClinicalAlignment clinical = clinical_alignment(knee.contact, clinical_frame, state.X_FK);
      f.clinical_shift = clinical.lateral_shift;
      f.clinical_tilt = clinical.lateral_tilt;
      const double step = 100.0 / (N - 1);
      for (double pct : opt.pressure_at_percent)
        if (std::abs(f.gait_percent - pct) <= 0.5 * step + 1e-9) f.pressure = ws.contact.pressure;
      f.ligaments_crossing_wrap = ws.forces.ligaments_crossing_wrap;
      f.pf = pf_coordinates(knee, state.X_FK, pf_guess);
      pf_guess = f.pf;
      LegPoses X;
      leg_poses(leg, f.q, state.X_FK, X, f.femoral_rotation);
      f.grf = ground_reaction_at(in, foot, X, times[k]);
      res.frames.push_back(std::move(f));
      if (progress) progress("patella over the cycle", static_cast<int>(i) + 1, N * opt.cycles);
    }
  }
  // and the frame of peak PF force in each cycle
  for (int c = 0; c < opt.cycles; ++c) {
    GaitFrame* peak = nullptr;
    for (GaitFrame& f : res.frames)
      if (f.cycle == c && (!peak || f.contact.force.norm() > peak->contact.force.norm())) peak = &f;
    if (peak && peak->pressure.empty()) peak->pressure = std::move(peak_pressure[c]);
  }
  return res;
}

}  // namespace patella
