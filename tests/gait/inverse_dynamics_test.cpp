// Inverse dynamics: checked by the power balance of a swinging leg (no ground contact, pelvis
// held still): sum_j tau_j qdot_j = d/dt (kinetic + potential energy of the leg's segments).
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/gait/inverse_dynamics.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/compiler/compile_leg.hpp"
#include "patella/mechanics/leg_kinematics.hpp"
#include "support/real_model.hpp"

using namespace patella;

namespace {

GaitInput swinging_leg() {
  GaitInput in;
  std::vector<double> t;
  for (int k = 0; k <= 1000; ++k) t.push_back(k * 1e-3);
  auto curve = [&](double mean_deg, double amp_deg, double hz, double phase) {
    std::vector<double> y;
    for (double ti : t) y.push_back(deg_to_rad(mean_deg + amp_deg * std::sin(2 * kPi * hz * ti + phase)));
    return CubicSpline(t, y);
  };
  for (int d = 0; d < kNumLegDofs; ++d) in.q[d] = curve(0, 0, 1, 0);
  in.q[kPelvisTy] = CubicSpline(t, std::vector<double>(t.size(), 0.93));
  in.q[kHipFlex] = curve(10, 30, 1.3, 0.2);
  in.q[kHipAdd] = curve(0, 8, 1.1, 1.0);
  in.q[kHipRot] = curve(0, 10, 0.9, 0.5);
  in.q[kKneeFlex] = curve(45, 40, 1.7, 0.0);
  in.q[kAnkleFlex] = curve(0, 15, 2.1, 0.3);
  in.t_start = 0.1;
  in.t_end = 0.9;
  return in;
}

double leg_energy(const Leg& leg, const GaitInput& in, double t, const Transform& X_FK) {
  const double h = 2e-5;
  LegPoses Xm, X, Xp;
  leg_poses(leg, coordinates_at(in, t - h), X_FK, Xm);
  leg_poses(leg, coordinates_at(in, t), X_FK, X);
  leg_poses(leg, coordinates_at(in, t + h), X_FK, Xp);
  double E = 0.0;
  for (int b = kFemur; b < kNumLegBodies; ++b) {
    const LegBodyInfo& info = leg.bodies[b];
    const Vec3& c = info.mass_center;
    const Vec3 v = (Xp[b] * c - Xm[b] * c) / (2 * h);
    const Eigen::AngleAxisd aa(Xp[b].R * Xm[b].R.transpose());
    const Vec3 w = aa.angle() * aa.axis() / (2 * h);
    const Mat3 I = X[b].R * info.inertia * X[b].R.transpose();
    E += 0.5 * info.mass * v.squaredNorm() + 0.5 * w.dot(I * w) + info.mass * 9.80665 * (X[b] * c).y();
  }
  return E;
}

}  // namespace

TEST_CASE("Inverse dynamics: joint power equals the rate of change of the leg's energy", "[gait]") {
  const Model& knee = test::real_model();
  const Leg leg = make_leg(knee);
  const GaitInput in = swinging_leg();
  const Transform X_FK = default_patella_state(knee).X_FK;
  const FootLine foot;
  double max_power = 0.0;
  for (double t = 0.15; t < 0.85; t += 0.05) {
    const DrivenMoments tau = inverse_dynamics(leg, in, foot, t, X_FK);
    double power = 0.0;
    for (std::size_t j = 0; j < kDrivenDofs.size(); ++j)
      power += tau[j] * in.q[kDrivenDofs[j]].derivative(t);
    const double h = 2e-4;
    const double dEdt = (leg_energy(leg, in, t + h, X_FK) - leg_energy(leg, in, t - h, X_FK)) / (2 * h);
    INFO("t = " << t);
    CHECK(power == Approx(dEdt).margin(0.02 * std::abs(dEdt) + 0.05));
    max_power = std::max(max_power, std::abs(power));
  }
  CHECK(max_power > 10.0);  // the check was not trivially zero
}

TEST_CASE("Inverse dynamics: a leg hanging still needs only the gravity moments", "[gait]") {
  const Model& knee = test::real_model();
  const Leg leg = make_leg(knee);
  GaitInput in;
  std::vector<double> t{0.0, 0.5, 1.0};
  for (int d = 0; d < kNumLegDofs; ++d) in.q[d] = CubicSpline(t, {0.0, 0.0, 0.0});
  in.q[kPelvisTy] = CubicSpline(t, {0.93, 0.93, 0.93});
  in.q[kKneeFlex] = CubicSpline(t, {0.5, 0.5, 0.5});
  const Transform X_FK = default_patella_state(knee).X_FK;
  const DrivenMoments tau = inverse_dynamics(leg, in, FootLine{}, 0.5, X_FK);
  // knee bent 29 deg, thigh vertical: the shank's mass centre lies behind the knee and gravity
  // swings it forward toward the vertical (extension), so the knee must supply flexion (+)
  CHECK(tau[3] > 1.0);
  // the leg's mass centre lies behind the hip and gravity swings it forward (hip flexion), so
  // the hip must supply extension (-)
  CHECK(tau[0] < -1.0);
}
