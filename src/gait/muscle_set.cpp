#include "patella/gait/muscle_set.hpp"

#include <algorithm>

#include "patella/core/error.hpp"
#include "patella/mechanics/ligament.hpp"
#include "patella/muscle/muscle_edit.hpp"
#include "patella/muscle/rigid_tendon.hpp"

namespace patella {

namespace {

// Whether driven coordinate j (kDrivenDofs order) can change the path's length: it has a point
// or a wrap on each side of that joint (the hip: the pelvis and the rest; the knee: pelvis,
// femur and patella and the shank and foot; the ankle: down to the tibia and the foot), or a
// point the coordinate moves or switches. Where it cannot, every body the path touches keeps
// its pose when j moves, the two lengths of the difference are the same numbers, and the arm
// is exactly zero without evaluating them.
bool path_spans(const LegPath& path, const std::vector<LegWrap>& wraps, std::size_t j) {
  const int dof = kDrivenDofs[j];
  auto below = [&](int body) {  // on the far side of joint j from the pelvis
    switch (dof) {
      case kHipFlex: case kHipAdd: case kHipRot: return body != kPelvis;
      case kKneeFlex: return body == kTibiaProximal || body == kTibia || body == kTalus || body == kCalcn || body == kToes;
      default: return body == kTalus || body == kCalcn || body == kToes;  // kAnkleFlex
    }
  };
  bool near = false, far = false;
  auto add = [&](int body) { (below(body) ? far : near) = true; };
  for (int b : path.bodies) add(b);
  for (int w : path.wraps) add(wraps[w].body);
  for (int d : path.condition_dof)
    if (d == dof) return true;
  for (const auto& axes : path.moving_dof)
    for (int d : axes)
      if (d == dof) return true;
  return near && far;
}

}  // namespace

void evaluate_muscles(const MuscleSet& set, const FrameKinematics& k, MuscleFrame& out,
                      bool quadriceps_only) {
  const std::size_t n = set.muscles.size();
  PATELLA_THROW_UNLESS(!quadriceps_only || out.length.size() == n);
  out.length.resize(n);
  out.velocity.resize(n);
  out.moment_arm.resize(n);
  out.active.resize(n);
  out.passive.resize(n);
  PathGeometry g, gj;  // the frame's path and a difference's (their buffers kept across muscles)
  for (std::size_t m = 0; m < n; ++m) {
    const LegMuscle& mu = set.muscles[m];
    if (quadriceps_only && mu.quadriceps < 0) continue;
    // the path at the frame first: the differences' other paths start their wrap planes there
    evaluate_path(set.wraps, mu.path, k.X, k.q, g);
    evaluate_path(set.wraps, mu.path, k.X_prev, k.q_prev, gj, &g);
    const double l_prev = gj.length;
    evaluate_path(set.wraps, mu.path, k.X_next, k.q_next, gj, &g);
    const double l_next = gj.length;
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
      if (!path_spans(mu.path, set.wraps, j)) {
        out.moment_arm[m][j] = 0.0;
        continue;
      }
      evaluate_path(set.wraps, mu.path, k.dq[j][1], k.dq_q[j][1], gj, &g);
      const double lp = gj.length;
      evaluate_path(set.wraps, mu.path, k.dq[j][0], k.dq_q[j][0], gj, &g);
      out.moment_arm[m][j] = -(lp - gj.length) / (2 * k.hq);
    }
    RigidTendonState s;
    try {
      s = apply_muscle_edit(rigid_tendon_state(mu.curves, out.length[m], out.velocity[m], mu.params),
                            mu.curves, mu.params, mu.edit);
    } catch (const Error& e) {  // say which muscle (the caller adds when)
      throw SimulationError("muscle '" + mu.name + "': " + e.what());
    }
    out.active[m] = s.active_coeff;
    out.passive[m] = s.passive_force;
  }
  if (quadriceps_only) return;
  evaluate_path(set.wraps, set.itb.path, k.X, k.q, g);
  out.itb_passive = blankevoort_force(set.itb.params, g.length);
}

}  // namespace patella
