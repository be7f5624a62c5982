#pragma once
/// The right leg as data (built once by the compiler from the spec, compiler/compile_leg.hpp):
/// the kinematic chain ground -> pelvis -> femur -> tibia -> talus -> calcaneus -> toes plus the
/// patella, the muscles that cross it with their paths and curves, the iliotibial band, and the
/// foot line. Frames: G = ground (OpenSim: X forward, Y up, Z right).
#include <array>
#include <string>
#include <vector>

#include "patella/core/types.hpp"
#include "patella/model/ligament_params.hpp"
#include "patella/model/kinematic_tree.hpp"
#include "patella/model/muscle_params.hpp"

namespace patella {

struct Model;

/// The gait coordinates, in the order of the .mot columns of OpenSim's lower-limb models.
enum LegDof : int {
  kPelvisTilt, kPelvisList, kPelvisRot, kPelvisTx, kPelvisTy, kPelvisTz,
  kHipFlex, kHipAdd, kHipRot, kKneeFlex, kAnkleFlex, kSubtalar, kMtp, kNumLegDofs
};
using LegQ = std::array<double, kNumLegDofs>;   ///< [rad] and [m]

/// The .osim coordinate name of each LegDof (right leg of lenhart2015.osim).
const std::array<std::string, kNumLegDofs>& leg_dof_names();
/// The same coordinate in OpenSim's gait2392 family (Hamner 2010, Rajagopal 2016, AddBiomechanics
/// outputs): its name and the sign that turns its value into this model's (knee_angle_r is
/// negative in flexion, knee_flex_r positive; the other axes agree).
struct ForeignCoordinate {
  std::string name;
  double sign = 1.0;
};
const ForeignCoordinate& gait2392_coordinate(int dof);
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

/// Immutable leg description, part of the compiled model (Model::leg).
struct Leg {
  const Model* knee = nullptr;  ///< the model that holds this leg (Model::leg), for its tree and coupling
  std::array<LegBodyInfo, kNumLegBodies> bodies;
  std::array<int, 8> joints{};   ///< in knee->tree: pelvis, hip, femur weld, knee, tibia weld,
                                 ///< ankle, subtalar, mtp (parents first)
  std::vector<int> chain;        ///< the same joints, as body_poses takes them
  std::array<int, kNumLegBodies> body_index{};  ///< LegBody -> body index in knee->tree
  std::array<int, kNumLegDofs> dofs{};      ///< LegDof -> coordinate index in knee->tree
  double body_mass = 0.0;        ///< the whole model's mass [kg] (for body weights)
};

/// The .osim names of the LegBody bodies, and of the chain's joints (pelvis, hip, femur weld,
/// knee, tibia weld, ankle, subtalar, mtp).
const std::array<std::string, kNumLegBodies>& leg_body_names();
const std::array<std::string, 8>& leg_joint_names();

/// Body index by .osim name, -1 if it is not part of the leg.
int leg_body_index(const std::string& name);

struct LegWrap {
  enum class Type { Cylinder, Ellipsoid, Sphere };
  std::string name;
  Type type = Type::Cylinder;
  int body = -1;                 ///< LegBody
  Transform X_BW;                ///< pose in its body
  double radius = 0.0;           ///< cylinder, sphere [m]
  Vec3 radii = Vec3::Zero();     ///< ellipsoid semi-axes [m]
  std::string quadrant = "all";
};

struct LegPath {
  std::vector<int> bodies;       ///< LegBody of each path point
  std::vector<Vec3> points;      ///< in their bodies [m]
  std::vector<int> wraps;        ///< indices into the wrap list, file order
  /// ConditionalPathPoint: the LegDof that switches point k on (-1: always on) and its range
  std::vector<int> condition_dof;
  std::vector<std::array<double, 2>> condition_range;
  /// MovingPathPoint: per point and axis, the LegDof driving it (-1: fixed) and the function
  std::vector<std::array<int, 3>> moving_dof;
  std::vector<std::array<Function, 3>> moving_function;
  bool has_moving_points = false;
};

/// The leg's muscles (every Millard2012EquilibriumMuscle of the .osim on the right leg) and the
/// iliotibial band. The quadriceps insert on the patella, so their knee moment is not -dl/dq at
/// a fixed patella: it is the patellar tendon's generalized force on the tibia, which the gait
/// solver finds from the patellofemoral equilibrium.
struct LegMuscle {
  std::string name;
  LegPath path;
  MillardCurves curves;
  RigidTendonMuscleParams params;
  double minimum_activation = 0.01;        ///< [-]
  double activation_time_constant = 0.01;  ///< [s]
  double deactivation_time_constant = 0.04;///< [s]
  int quadriceps = -1;                     ///< index in Model::muscles, -1 if not
  bool into_itb = false;                   ///< inserts into the iliotibial band
  MuscleEdit edit;                         ///< what-if edit (weakness, taut band); none by default
  double activation_floor = 0.0;           ///< what-if co-contraction: least activation [-]
};

/// The iliotibial band's tension (PHYSICS.md 5.4): the forces of the muscles that insert into it
/// (models/<model>/patella.yaml names them, with sources) plus its own passive stretch (the
/// .osim's ITB1 Blankevoort ligament).
struct ItbBand {
  LegPath path;
  BlankevoortParams params;
  std::vector<std::string> muscles;
};

struct MuscleSet {
  std::vector<LegWrap> wraps;
  std::vector<LegMuscle> muscles;
  ItbBand itb;
  std::vector<int> quadriceps;   ///< muscle index of each of Model::muscles (heads included)
};

/// The foot line the default cycle's centre of pressure travels along: heel to toe tip, as points
/// of calcn_r (from the model's R.Heel marker and the toes) [m].
struct FootLine {
  Vec3 heel_calcn = Vec3::Zero();
  Vec3 toe_calcn = Vec3::Zero();
};

}  // namespace patella
