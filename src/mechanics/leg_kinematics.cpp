#include "patella/mechanics/leg_kinematics.hpp"

#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/kinematics.hpp"

namespace patella {

void leg_poses(const Leg& leg, const LegQ& q, const Transform& X_FK, LegPoses& X,
               double femoral_rotation, double secondary_flexion) {
  const Model& knee = *leg.knee;
  const KinematicTree& tree = knee.tree;
  // every coordinate: the leg's from q, the knee's secondary ones from the coupling, the rest
  // at their defaults (scratch per thread: this runs many times per gait frame)
  thread_local std::vector<double> qa;
  thread_local std::vector<Transform> X_G;
  qa = tree.default_q;
  for (int d = 0; d < kNumLegDofs; ++d) qa[leg.dofs[d]] = q[d];
  const auto tf = tibiofemoral_secondary(knee, std::isfinite(secondary_flexion) ? secondary_flexion : q[kKneeFlex]);
  const Joint& knee_joint = tree.joints[leg.joints[3]];
  for (int c = 0; c < 5; ++c) qa[knee_joint.coordinates[c + 1]] = tf[c];
  body_poses(tree, leg.chain, qa.data(), X_G, {leg.joints[3], leg.dofs[kHipRot], femoral_rotation});
  for (int b = 0; b < kPatella; ++b) X[b] = X_G[leg.body_index[b]];
  X[kPatella] = X[kFemurDistal] * X_FK;
}

}  // namespace patella
