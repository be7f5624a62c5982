#pragma once
/// What the tibia's solved secondary coordinates must carry in gait from outside the knee
/// (mechanics/tibiofemoral.hpp): the load on the shank and foot (every body below the knee) from
///  - the ground reaction (at its point, with its free torque), gravity and the segments'
///    d'Alembert forces, with the masses, inertias and accelerations of inverse dynamics:
///      F = F_grf + sum_b m_b (g - a_b),  M_o = sum of their moments - sum_b (I_b alpha_b + w_b x I_b w_b);
///  - the tension of every muscle that crosses the knee but does not reach the patella or the
///    ITB (hamstrings, gastrocnemius, sartorius, gracilis): at each of its path points on a body
///    below the knee, T times the unit vectors toward its neighbours (a wrap's tangent points are
///    fixed to the wrap's body, so a muscle entirely below the knee adds nothing).
/// Both in ground, moments about the tibia's origin (tibia_proximal_r) at the leg's pose.
#include <vector>

#include "patella/gait/motion.hpp"
#include "patella/model/leg.hpp"

namespace patella {

struct ShankLoad {
  Vec3 force = Vec3::Zero();    ///< [N], in G
  Vec3 moment = Vec3::Zero();   ///< about the tibia's origin [N m], in G
};

/// Ground reaction, gravity and inertia on the shank and foot at time t (patella at X_FK).
ShankLoad shank_segment_load(const Leg& leg, const GaitInput& input, const FootLine& foot,
                             double t, const Transform& X_FK);

/// The knee-crossing muscles' pull on the shank and foot at poses X with tendon forces `force`
/// (MuscleSet order) [N].
ShankLoad knee_muscle_load(const MuscleSet& set, const LegPoses& X, const LegQ& q,
                           const std::vector<double>& force);

}  // namespace patella
