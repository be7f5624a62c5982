#pragma once
/// How much does treating the patella as massless matter (PHYSICS.md 4)? The patella rides on
/// stiff contact and ligaments (laterally, its softest direction, about 50 N/mm: some 56 Hz for
/// 0.4 kg, well above the content of gait), so a
/// rigid-body patella follows the quasi-static path closely and its dynamics add, to first
/// order, its weight and d'Alembert inertial load along that path:
///   f = m (g - a_G),   M = -(I_G alpha + w x I_G w)      (in ground, at the mass centre)
/// with a_G, w, alpha the patella's motion in ground along the massless solution. Re-solving
/// every frame with that load gives the dynamic patella's track to first order; the difference
/// from the massless track is what the massless choice costs.
#include <string>
#include <vector>

#include "patella/gait/gait_simulation.hpp"

namespace patella {

struct InertiaCheck {
  std::vector<double> shift_difference;  ///< pf_tz with inertia minus massless, per frame [m]
  std::vector<double> tilt_difference;   ///< lateral tilt, same [rad]
  std::vector<double> inertial_force;    ///< |m (g - a_G)| per frame [N]
  double max_shift = 0.0, max_tilt = 0.0, max_force = 0.0;
  int unconverged = 0;
  std::vector<std::string> messages;     ///< where and why a re-solve did not converge
};

/// @throws SimulationError if the result has fewer than 5 frames.
InertiaCheck patella_inertia_check(const Model& knee, const Leg& leg, const MuscleSet& muscles,
                                   const GaitResult& result);

}  // namespace patella
