#include "patella/gait/motion.hpp"

#include <algorithm>
#include <cmath>

#include "patella/mechanics/leg_kinematics.hpp"

namespace patella {

double stance_window(const GaitInput& in, double t) {
  const double T = in.t_end - in.t_start, stance = in.stance_end - in.t_start;
  if (!(T > 0) || !(stance > 0)) return 0.0;
  double u = std::fmod(t - in.t_start, T);
  if (u < 0) u += T;
  return u < stance ? 0.5 * (1.0 - std::cos(2.0 * kPi * u / stance)) : 0.0;
}

double femoral_rotation_at(const GaitInput& in, double t) {
  const double theta = in.edits.femoral_rotation_offset;
  return theta == 0.0 ? 0.0 : theta * stance_window(in, t);
}

LegQ coordinates_at(const GaitInput& in, double t) {
  LegQ q{};
  for (int d = 0; d < kNumLegDofs; ++d) q[d] = in.q[d].value(t);
  const KinematicEdits& e = in.edits;
  q[kPelvisTilt] += e.pelvic_tilt_offset;
  if (e.hip_adduction_offset != 0.0 || e.hip_rotation_offset != 0.0 ||
      e.femoral_rotation_offset != 0.0) {
    const double w = stance_window(in, t);
    q[kHipAdd] += w * e.hip_adduction_offset;
    q[kHipRot] += w * (e.hip_rotation_offset + e.femoral_rotation_offset);
  }
  if (std::isfinite(e.ankle_dorsiflexion_limit)) {
    // smooth minimum: limit - softplus(limit - q) with width k
    const double k = deg_to_rad(1.0), x = (e.ankle_dorsiflexion_limit - q[kAnkleFlex]) / k;
    const double softplus = x > 30 ? x : std::log1p(std::exp(x));
    q[kAnkleFlex] = e.ankle_dorsiflexion_limit - k * softplus;
  }
  return q;
}

bool ground_reaction_sample(const GroundReaction& g, double t, std::size_t& k, double& s) {
  if (g.time.size() < 2 || t < g.time.front() || t > g.time.back()) return false;
  k = std::upper_bound(g.time.begin(), g.time.end(), t) - g.time.begin();
  k = std::clamp<std::size_t>(k, 1, g.time.size() - 1);
  s = (t - g.time[k - 1]) / (g.time[k] - g.time[k - 1]);
  return true;
}

Wrench ground_reaction_at(const GaitInput& in, const FootLine& foot, const LegPoses& X, double t) {
  Wrench w;
  const GroundReaction& g = in.grf;
  std::size_t k = 0;
  double s = 0.0;
  if (!ground_reaction_sample(g, t, k, s)) return w;
  w.force = (1 - s) * g.force[k - 1] + s * g.force[k];
  if (w.force.squaredNorm() == 0.0) return w;
  if (g.point_in_ground) {
    // a centre of pressure is meaningless without load: take it from the loaded sample
    const double f0 = g.force[k - 1].norm(), f1 = g.force[k].norm();
    const double sp = f0 == 0.0 ? 1.0 : f1 == 0.0 ? 0.0 : s;
    w.point = (1 - sp) * g.point[k - 1] + sp * g.point[k];
    w.torque = (1 - s) * g.torque[k - 1] + s * g.torque[k];
  } else {
    const double f = (1 - s) * g.foot_fraction[k - 1] + s * g.foot_fraction[k];
    const Vec3 p_calcn = foot.heel_calcn + f * (foot.toe_calcn - foot.heel_calcn);
    w.point = X[kCalcn] * p_calcn;
  }
  return w;
}

void shift_pelvis_in_pelvis_frame(GaitInput& in, const Leg& leg, const Vec3& d) {
  const std::vector<double> t = in.q[kPelvisTx].knots();
  std::array<std::vector<double>, 3> p;
  LegPoses X;
  for (double ti : t) {
    LegQ q{};
    for (int k = 0; k < kNumLegDofs; ++k) q[k] = in.q[k].value(ti);
    leg_poses(leg, q, Transform{}, X);  // only the pelvis's orientation is used
    const Vec3 shift = X[kPelvis].R * d;
    for (int k = 0; k < 3; ++k) p[k].push_back(q[kPelvisTx + k] + shift[k]);
  }
  for (int k = 0; k < 3; ++k) in.q[kPelvisTx + k] = CubicSpline(t, p[k]);
}

}  // namespace patella
