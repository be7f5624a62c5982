// Inverse dynamics: checked by the power balance of a swinging leg (no ground contact, pelvis
// held still): sum_j tau_j qdot_j = d/dt (kinetic + potential energy of the leg's segments),
// computed in validation::verify_inverse_dynamics_power.
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/gait/inverse_dynamics.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/compiler/compile_leg.hpp"
#include "patella/mechanics/leg_kinematics.hpp"
#include "support/code_case.hpp"
#include "support/real_model.hpp"

using namespace patella;

TEST_CASE("Inverse dynamics: joint power equals the rate of change of the leg's energy", "[gait]") {
  // validation::verify_inverse_dynamics_power (docs/verification.md): a leg swinging freely,
  // 14 instants, error relative to the largest rate of change of the energy
  const validation::CodeCase c = validation::verify_inverse_dynamics_power(test::real_model());
  test::check_code_case(c);
  CHECK(c.coverage.at("largest power [W]") > 10.0);  // the check was not trivially zero
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
