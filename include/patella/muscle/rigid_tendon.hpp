#pragma once
/// A Millard2012EquilibriumMuscle with a rigid (inextensible) tendon, as OpenSim evaluates it
/// with ignore_tendon_compliance = true and as static optimisation treats it: the tendon stays
/// at its slack length, the fibre takes the rest of the musculotendon length through the
/// fixed-width pennation model, and the tendon force is linear in activation a:
///   F = a A + P,   A = F0 f_L(l_M / l_opt) f_V(v_M / (l_opt v_max)) cos(alpha),
///                  P = F0 f_PE(l_M / l_opt) cos(alpha).
/// Sources (opensim-core, OpenSim 4.x):
///   OpenSim/Actuators/MuscleFixedWidthPennationModel.cpp  fibre length, pennation, minimum
///     fibre length (parallelogram height / sin(maximum pennation angle)), fibre velocity
///   OpenSim/Actuators/Millard2012EquilibriumMuscle.cpp  calcMuscleLengthInfo / calcFiberVelocity-
///     Info / calcMuscleDynamicsInfo (rigid-tendon branches), minimum fibre length
///     max(min active length, pennation minimum), isFiberStateClamped
/// Units: SI throughout (m, m/s, N, rad); velocities are lengthening-positive.
///
/// Not included: fibre damping (OpenSim's default fiber_damping 0.1 adds F0 beta v_M/(l_opt v_max)
/// cos(alpha) to P); it vanishes at zero velocity, so quasi-static uses are unaffected. Activation
/// is not clamped here (OpenSim clamps it to [minimum_activation, 1]).
/// Known OpenSim difference: Millard2012EquilibriumMuscle::calcActiveFiberForceAlongTendon (used
/// by calcInextensibleTendonActiveFiberForce, hence static optimisation) passes l_M / l_opt to
/// calcPennationAngle, which expects metres, so it uses a much smaller pennation angle than the
/// fibre has; A here uses the geometric cos(alpha), as calcMuscleLengthInfo does.
#include <cmath>

#include "patella/model/muscle_params.hpp"

namespace patella {


/// The fibre state and the force split F = a * active_coeff + passive_force.
struct RigidTendonState {
  double fiber_length = 0.0;         ///< l_M [m], never below the minimum fibre length
  double norm_fiber_length = 0.0;    ///< l_M / l_opt [-]
  double cos_pennation = 1.0;        ///< cos(alpha) [-]
  double norm_fiber_velocity = 0.0;  ///< v_M / (l_opt v_max) [-], lengthening positive
  double active_coeff = 0.0;         ///< A [N per unit activation], along the tendon
  double passive_force = 0.0;        ///< P [N], along the tendon (elastic part)
  /// dA/dl_MT and dP/dl_MT [N/m] at fixed v_MT (through l_M, cos(alpha) and v_M = v_MT cos).
  double d_active_coeff_d_length = 0.0;
  double d_passive_force_d_length = 0.0;
  /// True when OpenSim clamps the fibre (at its minimum length and not lengthening, e.g. when
  /// l_MT - l_Ts is shorter than the fibre can be): then v_M = 0 and A = P = 0, as in OpenSim.
  bool fiber_clamped = false;
};

/// The minimum fibre length [m] OpenSim allows: max(SignificantReal, min_norm_active_fiber_length
/// l_opt, l_opt sin(alpha0) / sin(maximum_pennation_angle)) (the pennation part is 0.01 l_opt when
/// the maximum pennation angle is 0). The active part is the domain start of
/// curves.active_force_length.
double rigid_tendon_minimum_fiber_length(const MillardCurves& curves,
                                         const RigidTendonMuscleParams& p);

/// The rigid-tendon fibre state at musculotendon length lMT [m] and lengthening velocity
/// vMT [m/s]. Throws ModelError for parameters out of range (l_opt <= 0, ...) and
/// SimulationError for non-finite lMT or vMT (callers add which muscle and when).
RigidTendonState rigid_tendon_state(const MillardCurves& curves, double lMT, double vMT,
                                    const RigidTendonMuscleParams& p);

}  // namespace patella
