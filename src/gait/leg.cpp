#include "patella/gait/leg.hpp"

#include "patella/core/error.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/kinematics.hpp"

namespace patella {

namespace {
const std::array<std::string, kNumLegBodies> kBodyNames{
    "pelvis", "femur_r", "femur_distal_r", "tibia_proximal_r", "tibia_r",
    "talus_r", "calcn_r", "toes_r", "patella_r"};
const std::array<std::string, 8> kJointNames{
    "gnd_pelvis", "hip_r", "femur_femur_distal_r", "knee_r", "tibia_tibia_proximal_r",
    "ankle_r", "subtalar_r", "mtp_r"};
}  // namespace

const std::array<std::string, kNumLegDofs>& leg_dof_names() {
  static const std::array<std::string, kNumLegDofs> names{
      "pelvis_tilt", "pelvis_list", "pelvis_rot", "pelvis_tx", "pelvis_ty", "pelvis_tz",
      "hip_flex_r", "hip_add_r", "hip_rot_r", "knee_flex_r", "ankle_flex_r", "subt_angle_r",
      "mtp_angle_r"};
  return names;
}

int leg_body_index(const std::string& name) {
  for (int b = 0; b < kNumLegBodies; ++b)
    if (kBodyNames[b] == name) return b;
  return -1;
}

Leg make_leg(const Model& knee) {
  Leg leg;
  leg.knee = &knee;
  const ModelSpec& spec = knee.spec;
  for (int b = 0; b < kNumLegBodies; ++b) {
    const BodySpec* body = spec.find_body(kBodyNames[b]);
    if (!body) throw ModelError(spec.source_file + ": the leg needs body '" + kBodyNames[b] + "'");
    LegBodyInfo& info = leg.bodies[b];
    info.name = body->name;
    info.mass = body->mass;
    info.mass_center = body->mass_center;
    const auto& I = body->inertia;  // Ixx Iyy Izz Ixy Ixz Iyz
    info.inertia << I[0], I[3], I[4], I[3], I[1], I[5], I[4], I[5], I[2];
  }
  for (std::size_t j = 0; j < kJointNames.size(); ++j) {
    leg.joints[j] = spec.find_joint(kJointNames[j]);
    if (!leg.joints[j])
      throw ModelError(spec.source_file + ": the leg needs joint '" + kJointNames[j] + "'");
  }
  // the chain's coordinates must be the ones LegDof names, in this order
  const auto& names = leg_dof_names();
  auto expect = [&](const JointSpec* j, std::size_t c, int dof) {
    if (c >= j->coordinates.size() || j->coordinates[c].name != names[dof])
      throw ModelError(spec.source_file + ": joint '" + j->name + "' coordinate " +
                       std::to_string(c + 1) + " must be '" + names[dof] + "'");
  };
  for (int c = 0; c < 6; ++c) expect(leg.joints[0], c, kPelvisTilt + c);
  for (int c = 0; c < 3; ++c) expect(leg.joints[1], c, kHipFlex + c);
  expect(leg.joints[3], 0, kKneeFlex);
  expect(leg.joints[5], 0, kAnkleFlex);
  expect(leg.joints[6], 0, kSubtalar);
  expect(leg.joints[7], 0, kMtp);
  for (const BodySpec& b : spec.bodies) leg.body_mass += b.mass;
  return leg;
}

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
