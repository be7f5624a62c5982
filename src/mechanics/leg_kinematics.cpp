#include "patella/mechanics/leg_kinematics.hpp"

#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/kinematics.hpp"

namespace patella {

void leg_poses(const Leg& leg, const LegQ& q, const Transform& X_FK, LegPoses& X,
               double femoral_rotation) {
  const auto& J = leg.joints;
  X[kPelvis] = joint_child_in_parent(*J[0], {q[0], q[1], q[2], q[3], q[4], q[5]});
  X[kFemur] = X[kPelvis] * joint_child_in_parent(*J[1], {q[kHipFlex], q[kHipAdd], q[kHipRot]});
  X[kFemurDistal] = X[kFemur] * joint_child_in_parent(*J[2], {});
  const auto tf = tibiofemoral_secondary(*leg.knee, q[kKneeFlex]);
  Transform X_knee_parent = X[kFemurDistal];
  if (femoral_rotation != 0.0) {
    const Transform X_plain = X[kPelvis] *
        joint_child_in_parent(*J[1], {q[kHipFlex], q[kHipAdd], q[kHipRot] - femoral_rotation}) *
        joint_child_in_parent(*J[2], {});
    X_knee_parent = X_knee_parent *
                    femur_turn_under_tibia(X[kFemurDistal].R, X_plain.R, J[3]->parent.translation);
  }
  X[kTibiaProximal] = X_knee_parent * joint_child_in_parent(
                                            *J[3], {q[kKneeFlex], tf[0], tf[1], tf[2], tf[3], tf[4]});
  X[kTibia] = X[kTibiaProximal] * joint_child_in_parent(*J[4], {});
  X[kTalus] = X[kTibia] * joint_child_in_parent(*J[5], {q[kAnkleFlex]});
  X[kCalcn] = X[kTalus] * joint_child_in_parent(*J[6], {q[kSubtalar]});
  X[kToes] = X[kCalcn] * joint_child_in_parent(*J[7], {q[kMtp]});
  X[kPatella] = X[kFemurDistal] * X_FK;
}

}  // namespace patella
