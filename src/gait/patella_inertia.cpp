#include "patella/gait/patella_inertia.hpp"

#include <Eigen/Geometry>
#include <cmath>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/mechanics/leg_kinematics.hpp"

namespace patella {

InertiaCheck patella_inertia_check(const Model& knee, const Leg& leg, const MuscleSet& set,
                                   const GaitResult& res) {
  const std::size_t n = res.frames.size();
  if (n < 5) throw SimulationError("the inertia check needs at least 5 frames");
  for (const GaitFrame& f : res.frames)
    if (f.cycle != 0) throw SimulationError("the inertia check takes one cycle");
  const LegBodyInfo& pat = leg.bodies[kPatella];
  const Vec3 g(0, -9.80665, 0);  // [m/s^2], ground Y up

  // the patella in ground along the massless solution
  std::vector<Transform> X_GK(n), X_GF(n);
  for (std::size_t k = 0; k < n; ++k) {
    LegPoses X;
    leg_poses(leg, res.frames[k].q, res.frames[k].patella.X_FK, X,
              res.frames[k].femoral_rotation);
    X_GK[k] = X[kPatella];
    X_GF[k] = X[kFemurDistal];
  }
  InertiaCheck out;
  EquilibriumWorkspace ws = make_equilibrium_workspace(knee);
  SolverOptions solver;
  std::array<double, 6> guess{};
  for (std::size_t k = 0; k < n; ++k) {
    const GaitFrame& f = res.frames[k];
    // central differences over neighbouring frames (one-sided at the ends); frames of one cycle
    // are evenly spaced; where two frames share a time (cycle joints) use the next distinct one
    const std::size_t a = k == 0 ? 0 : k - 1, b = k + 1 == n ? n - 1 : k + 1;
    const std::size_t m = (a == k || b == k) ? (k == 0 ? 1 : n - 2) : k;
    const std::size_t a2 = m - 1, b2 = m + 1;
    const double h = 0.5 * (res.frames[b2].time - res.frames[a2].time);
    Vec3 acc = Vec3::Zero(), w = Vec3::Zero(), alpha = Vec3::Zero();
    if (h > 0) {
      const Vec3 c0 = X_GK[a2] * pat.mass_center, c1 = X_GK[m] * pat.mass_center,
                 c2 = X_GK[b2] * pat.mass_center;
      acc = (c2 - 2 * c1 + c0) / (h * h);
      const Vec3 w_a = rotation_vector(X_GK[m].R * X_GK[a2].R.transpose()) / h;
      const Vec3 w_b = rotation_vector(X_GK[b2].R * X_GK[m].R.transpose()) / h;
      w = 0.5 * (w_a + w_b);
      alpha = (w_b - w_a) / h;
    }
    const Mat3 I = X_GK[k].R * pat.inertia * X_GK[k].R.transpose();
    const Vec3 force_G = pat.mass * (g - acc);
    const Vec3 moment_G = -(I * alpha + w.cross(I * w));
    out.inertial_force.push_back(force_G.norm());
    out.max_force = std::max(out.max_force, force_G.norm());

    KneeLoads loads;
    loads.quadriceps.resize(set.quadriceps.size());
    for (std::size_t q = 0; q < set.quadriceps.size(); ++q) loads.quadriceps[q] = f.force[set.quadriceps[q]];
    loads.itb_tension = f.itb_tension;
    loads.quadriceps_line_rotation = res.quadriceps_line_rotation;
    const Mat3 R_FG = X_GF[k].R.transpose();
    loads.external_force = R_FG * force_G;
    // the force acts at the mass centre; carry it to the patella origin as a moment
    const Vec3 r_F = f.patella.X_FK.R * pat.mass_center;
    loads.external_moment = R_FG * moment_G + r_F.cross(loads.external_force);
    const KneeFrames frames = compute_knee_frames(knee, knee_pose_of(f.q, f.femoral_rotation));
    PatellaState st = f.patella;
    EquilibriumReport rep = solve_equilibrium(knee, frames, loads, solver, ws, st);
    if (!rep.converged) {  // ramp the inertial load on from the massless solution
      st = f.patella;
      for (int step = 1; step <= 8; ++step) {
        KneeLoads l = loads;
        l.external_force *= step / 8.0;
        l.external_moment *= step / 8.0;
        rep = solve_equilibrium(knee, frames, l, solver, ws, st);
      }
    }
    if (!rep.converged) {
      ++out.unconverged;
      out.messages.push_back("t = " + fmt(f.time) + " s (" + fmt(f.gait_percent) + " %): " + rep.message);
    }
    for (int c = 0; c < 6; ++c) guess[c] = f.pf[c];
    const std::array<double, 6> pf = pf_coordinates(knee, st.X_FK, guess);
    const double ds = pf[kPfTz] - f.pf[kPfTz];
    const double dt = lateral_tilt_from_pf(pf.data()) - lateral_tilt_from_pf(f.pf.data());
    out.shift_difference.push_back(ds);
    out.tilt_difference.push_back(dt);
    if (rep.converged && f.report.converged) {
      out.max_shift = std::max(out.max_shift, std::abs(ds));
      out.max_tilt = std::max(out.max_tilt, std::abs(dt));
    }
  }
  return out;
}

}  // namespace patella
