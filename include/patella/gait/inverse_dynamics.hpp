#pragma once
/// Inverse dynamics of the right leg (what OpenSim's ID tool reports for these coordinates): the
/// generalized forces the joints must supply so the leg's segments, with the model's masses and
/// inertias, follow the motion under gravity and the ground reaction,
///   tau_j = sum_b [ m_b (a_b - g) . dc_b/dq_j + (I_b alpha_b + w_b x I_b w_b) . dtheta_b/dq_j ]
///           - F_grf . dp_cop/dq_j - M_free . dtheta_foot/dq_j,
/// summed over the bodies distal to coordinate j (virtual work; Jacobians by central
/// differences of the kinematics, accelerations by central differences of the C2 coordinate
/// splines in time). Signs: OpenSim's, positive = toward positive coordinate (hip flexion,
/// adduction, internal rotation, knee flexion, ankle dorsiflexion).
#include <array>

#include "patella/gait/motion.hpp"

namespace patella {

using DrivenMoments = std::array<double, kDrivenDofs.size()>;  ///< [N m], kDrivenDofs order

/// hinge_only: the Jacobians move the knee about its flexion axis alone, the tibiofemoral
/// secondary coordinates held where the coupling puts them at t. The knee moment then lacks the
/// virtual work of the coupled coordinates (their translations along the ground reaction), which
/// the default (coupled) moment includes; docs/validation.md reports the difference.
DrivenMoments inverse_dynamics(const Leg& leg, const GaitInput& input, const FootLine& foot,
                               double t, const Transform& X_FK, bool hinge_only = false);

}  // namespace patella
