#pragma once
/// Influence coefficients of a gait frame (PHYSICS.md 8, "the influence of 100 N along each
/// line"): how far the patella moves when a force is added along one quadriceps line, or to the
/// iliotibial band, with every other load and the knee's pose held. The patella's equilibrium is
/// re-solved from the frame's solved pose; nothing else is re-solved (no static optimisation).
#include <string>
#include <vector>

#include "patella/gait/gait_simulation.hpp"

namespace patella {

struct Influence {
  std::string line;              ///< a quadriceps muscle or head, or "itb"
  double lateral_shift = 0.0;    ///< change of pf_tz [m] (+ lateral)
  double lateral_tilt = 0.0;     ///< change of the lateral tilt [rad]
  double contact_force = 0.0;    ///< change of the PF contact force magnitude [N]
  /// change of the clinical shift from the trochlear groove [m] and tilt against the posterior
  /// condylar line [rad] (mechanics/clinical_alignment.hpp); NaN shift off the trochlea
  double clinical_shift = 0.0, clinical_tilt = 0.0;
  bool converged = false;
};

/// For each quadriceps muscle or head of the knee model and for the ITB: the change when `added`
/// newtons [N] are added along it at `frame` of `result` (a frame of simulate_gait on `knee`).
/// @throws SimulationError when the frame's own equilibrium cannot be reproduced.
std::vector<Influence> influence_coefficients(const Model& knee, const GaitResult& result,
                                              const GaitFrame& frame, double added = 100.0);

}  // namespace patella
