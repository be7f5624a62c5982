#pragma once
/// The right leg of the model as a kinematic chain (ground -> pelvis -> femur -> tibia -> talus ->
/// calcaneus -> toes, plus the patella), evaluated from the gait coordinates. The tibiofemoral
/// secondary coordinates follow the knee model's coupling (or zero); the patella pose comes from
/// the patellofemoral equilibrium. Frames: G = ground (OpenSim: X forward, Y up, Z right).
#include <array>
#include <string>
#include <vector>

#include "patella/core/types.hpp"
#include "patella/model/model.hpp"

namespace patella {

/// The gait coordinates, in the order of the .mot columns of OpenSim's lower-limb models.
enum LegDof : int {
  kPelvisTilt, kPelvisList, kPelvisRot, kPelvisTx, kPelvisTy, kPelvisTz,
  kHipFlex, kHipAdd, kHipRot, kKneeFlex, kAnkleFlex, kSubtalar, kMtp, kNumLegDofs
};
using LegQ = std::array<double, kNumLegDofs>;   ///< [rad] and [m]

/// The .osim coordinate name of each LegDof (right leg of lenhart2015.osim).
const std::array<std::string, kNumLegDofs>& leg_dof_names();
inline bool is_translation(int dof) { return dof >= kPelvisTx && dof <= kPelvisTz; }

/// The joint coordinates whose net moments the muscles must explain (PHYSICS.md 7).
constexpr std::array<int, 5> kDrivenDofs{kHipFlex, kHipAdd, kHipRot, kKneeFlex, kAnkleFlex};

enum LegBody : int {
  kPelvis, kFemur, kFemurDistal, kTibiaProximal, kTibia, kTalus, kCalcn, kToes, kPatella,
  kNumLegBodies
};
using LegPoses = std::array<Transform, kNumLegBodies>;  ///< X_GB

struct LegBodyInfo {
  std::string name;
  double mass = 0.0;             ///< [kg]
  Vec3 mass_center;              ///< in the body [m]
  Mat3 inertia;                  ///< about the mass centre, body axes [kg m^2]
};

/// Immutable leg description built once from the compiled knee model.
struct Leg {
  const Model* knee = nullptr;
  std::array<LegBodyInfo, kNumLegBodies> bodies;
  std::array<const JointSpec*, 8> joints{};  ///< pelvis, hip, femur weld, knee, tibia weld,
                                             ///< ankle, subtalar, mtp
  double body_mass = 0.0;        ///< the whole model's mass [kg] (for body weights)
};

/// @throws ModelError naming the missing body or joint.
Leg make_leg(const Model& knee);

/// Body index by .osim name, -1 if it is not part of the leg.
int leg_body_index(const std::string& name);

/// Poses in ground. X_FK = patella in femur_distal_r. femoral_rotation [rad]: the femur is posed
/// with q (whose hip_rot_r includes it) but the tibia and everything below it are posed as if
/// hip_rot_r were femoral_rotation smaller: the femur turned under a planted foot
/// (KinematicEdits::femoral_rotation_offset).
void leg_poses(const Leg& leg, const LegQ& q, const Transform& X_FK, LegPoses& X,
               double femoral_rotation = 0.0);

}  // namespace patella
