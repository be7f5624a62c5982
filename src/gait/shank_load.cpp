// The shank's external load for the solved tibiofemoral coordinates (see shank_load.hpp).
#include "patella/gait/shank_load.hpp"

#include "patella/gait/muscle_path.hpp"
#include "patella/mechanics/leg_kinematics.hpp"

namespace patella {

namespace {
bool below_knee(int b) { return b == kTibiaProximal || b == kTibia || b == kTalus || b == kCalcn || b == kToes; }
}  // namespace

ShankLoad shank_segment_load(const Leg& leg, const GaitInput& in, const FootLine& foot, double t,
                             const Transform& X_FK) {
  // the same samples and steps as inverse_dynamics (gait/inverse_dynamics.cpp)
  constexpr double ht = 2e-4;  // [s]
  const Vec3 gravity(0, -9.80665, 0);
  LegPoses X[5];
  for (int k = 0; k < 5; ++k) {
    const double tk = t + (k - 2) * ht;
    leg_poses(leg, coordinates_at(in, tk), X_FK, X[k], femoral_rotation_at(in, tk));
  }
  const Vec3 o = X[2][kTibiaProximal].p;
  ShankLoad out;
  for (int b = kTibiaProximal; b <= kToes; ++b) {
    const LegBodyInfo& info = leg.bodies[b];
    if (info.mass <= 0.0) continue;
    const Vec3& c = info.mass_center;
    const Vec3 a = (X[3][b] * c - 2 * (X[2][b] * c) + X[1][b] * c) / (ht * ht);
    auto omega = [&](int k) {
      return Vec3(rotation_vector(X[k + 1][b].R * X[k - 1][b].R.transpose()) / (2 * ht));
    };
    const Vec3 w = omega(2);
    const Vec3 alpha = (omega(3) - omega(1)) / (2 * ht);
    const Mat3 I = X[2][b].R * info.inertia * X[2][b].R.transpose();
    const Vec3 f = info.mass * (gravity - a);
    out.force += f;
    out.moment += (X[2][b] * c - o).cross(f) - (I * alpha + w.cross(I * w));
  }
  const Wrench grf = ground_reaction_at(in, foot, X[2], t);
  out.force += grf.force;
  out.moment += (grf.point - o).cross(grf.force) + grf.torque;
  return out;
}

ShankLoad knee_muscle_load(const MuscleSet& set, const LegPoses& X, const LegQ& q,
                           const std::vector<double>& force) {
  ShankLoad out;
  const Vec3 o = X[kTibiaProximal].p;
  PathGeometry g;
  for (std::size_t m = 0; m < set.muscles.size(); ++m) {
    const LegMuscle& mu = set.muscles[m];
    if (mu.quadriceps >= 0 || mu.into_itb || force[m] == 0.0) continue;
    evaluate_path(set.wraps, mu.path, X, q, g);
    const std::size_t n = g.points_G.size();
    for (std::size_t k = 0; k < n; ++k) {
      if (!below_knee(g.bodies[k])) continue;
      Vec3 f = Vec3::Zero();
      if (k > 0) f += (g.points_G[k - 1] - g.points_G[k]).normalized();
      if (k + 1 < n) f += (g.points_G[k + 1] - g.points_G[k]).normalized();
      f *= force[m];
      out.force += f;
      out.moment += (g.points_G[k] - o).cross(f);
    }
  }
  return out;
}

}  // namespace patella
