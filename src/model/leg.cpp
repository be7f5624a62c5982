#include "patella/model/leg.hpp"

namespace patella {

namespace {
// the .osim names of LegBody and of the chain's joints (lenhart2015.osim, right leg)
const std::array<std::string, kNumLegBodies> kBodyNames{
    "pelvis", "femur_r", "femur_distal_r", "tibia_proximal_r", "tibia_r",
    "talus_r", "calcn_r", "toes_r", "patella_r"};
const std::array<std::string, 8> kJointNames{
    "gnd_pelvis", "hip_r", "femur_femur_distal_r", "knee_r", "tibia_tibia_proximal_r",
    "ankle_r", "subtalar_r", "mtp_r"};
}  // namespace

const std::array<std::string, kNumLegBodies>& leg_body_names() { return kBodyNames; }
const std::array<std::string, 8>& leg_joint_names() { return kJointNames; }

const std::array<std::string, kNumLegDofs>& leg_dof_names() {
  static const std::array<std::string, kNumLegDofs> names{
      "pelvis_tilt", "pelvis_list", "pelvis_rot", "pelvis_tx", "pelvis_ty", "pelvis_tz",
      "hip_flex_r", "hip_add_r", "hip_rot_r", "knee_flex_r", "ankle_flex_r", "subt_angle_r",
      "mtp_angle_r"};
  return names;
}

const ForeignCoordinate& gait2392_coordinate(int dof) {
  static const std::array<ForeignCoordinate, kNumLegDofs> names{{
      {"pelvis_tilt", 1}, {"pelvis_list", 1}, {"pelvis_rotation", 1}, {"pelvis_tx", 1},
      {"pelvis_ty", 1}, {"pelvis_tz", 1}, {"hip_flexion_r", 1}, {"hip_adduction_r", 1},
      {"hip_rotation_r", 1}, {"knee_angle_r", -1}, {"ankle_angle_r", 1},
      {"subtalar_angle_r", 1}, {"mtp_angle_r", 1}}};
  return names.at(dof);
}

int leg_body_index(const std::string& name) {
  for (int b = 0; b < kNumLegBodies; ++b)
    if (kBodyNames[b] == name) return b;
  return -1;
}

}  // namespace patella
