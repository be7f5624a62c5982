#pragma once
/// The leg's body poses in ground from the gait coordinates. The tibiofemoral secondary
/// coordinates follow the knee model's coupling (or zero); the patella pose is given.
#include <cmath>
#include <limits>

#include "patella/model/leg.hpp"
#include "patella/model/model.hpp"

namespace patella {

/// Poses in ground. X_FK = patella in femur_distal_r. femoral_rotation [rad]: the femur is posed
/// with q (whose hip_rot_r includes it) but the tibia and everything below it are posed as if
/// hip_rot_r were femoral_rotation smaller: the femur turned under a planted foot
/// (KinematicEdits::femoral_rotation_offset).
/// secondary_flexion (when finite): the tibiofemoral secondary coordinates are those of this
/// knee flexion rather than q's (inverse dynamics uses it to split the knee moment into the
/// hinge's part and the coupled coordinates' part).
void leg_poses(const Leg& leg, const LegQ& q, const Transform& X_FK, LegPoses& X,
               double femoral_rotation = 0.0,
               double secondary_flexion = std::numeric_limits<double>::quiet_NaN());

}  // namespace patella
