#include "patella/gait/inverse_dynamics.hpp"
#include "patella/mechanics/leg_kinematics.hpp"

#include <Eigen/Geometry>
#include <limits>

namespace patella {

DrivenMoments inverse_dynamics(const Leg& leg, const GaitInput& in, const FootLine& foot,
                               double t, const Transform& X_FK, bool hinge_only) {
  constexpr double ht = 2e-4;   // [s] time step for velocities and accelerations (truncation
                                // error O(ht^2) stays small where the TF coupling bends)
  constexpr double hq = 1e-6;   // [rad] for the Jacobians
  const Vec3 gravity(0, -9.80665, 0);  // [m/s^2], OpenSim's default, Y up

  LegPoses X[5];
  for (int k = 0; k < 5; ++k) {
    const double tk = t + (k - 2) * ht;
    leg_poses(leg, coordinates_at(in, tk), X_FK, X[k], femoral_rotation_at(in, tk));
  }
  const double femoral_rot = femoral_rotation_at(in, t);
  const LegQ q = coordinates_at(in, t);
  const Wrench grf = ground_reaction_at(in, foot, X[2], t);

  DrivenMoments tau{};
  for (std::size_t j = 0; j < kDrivenDofs.size(); ++j) {
    const int dof = kDrivenDofs[j];
    LegQ qp = q, qm = q;
    qp[dof] += hq;
    qm[dof] -= hq;
    LegPoses Xp, Xm;
    const double secondary = hinge_only ? q[kKneeFlex] : std::numeric_limits<double>::quiet_NaN();
    leg_poses(leg, qp, X_FK, Xp, femoral_rot, secondary);
    leg_poses(leg, qm, X_FK, Xm, femoral_rot, secondary);
    double sum = 0.0;
    for (int b = kFemur; b < kNumLegBodies; ++b) {
      const LegBodyInfo& info = leg.bodies[b];
      if (info.mass <= 0.0) continue;
      const Vec3& c = info.mass_center;
      // linear acceleration of the mass centre and angular velocity/acceleration, in G
      const Vec3 a = (X[3][b] * c - 2 * (X[2][b] * c) + X[1][b] * c) / (ht * ht);
      auto omega = [&](int k) {  // at sample k (1..3), from its neighbours
        return Vec3(rotation_vector(X[k + 1][b].R * X[k - 1][b].R.transpose()) / (2 * ht));
      };
      const Vec3 w = omega(2);
      const Vec3 alpha = (omega(3) - omega(1)) / (2 * ht);
      const Mat3 I = X[2][b].R * info.inertia * X[2][b].R.transpose();
      const Vec3 dc = (Xp[b] * c - Xm[b] * c) / (2 * hq);
      const Vec3 dth = rotation_vector(Xp[b].R * Xm[b].R.transpose()) / (2 * hq);
      sum += info.mass * (a - gravity).dot(dc) + (I * alpha + w.cross(I * w)).dot(dth);
    }
    if (grf.force.squaredNorm() > 0.0) {
      const Vec3 p_calcn = X[2][kCalcn].inverse() * grf.point;  // the point moves with the foot
      const Vec3 dp = (Xp[kCalcn] * p_calcn - Xm[kCalcn] * p_calcn) / (2 * hq);
      const Vec3 dth = rotation_vector(Xp[kCalcn].R * Xm[kCalcn].R.transpose()) / (2 * hq);
      sum -= grf.force.dot(dp) + grf.torque.dot(dth);
    }
    tau[j] = sum;
  }
  return tau;
}

}  // namespace patella
