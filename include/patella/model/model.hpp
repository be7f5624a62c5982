#pragma once
/// The compiled, immutable knee model (MuJoCo's mjModel): everything the patellar equilibrium
/// needs, checked once by compile() (compiler/compile.hpp). Frames: F = femur_distal_r, K = patella_r (PHYSICS.md 3).
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "patella/core/spline.hpp"
#include "patella/model/contact_model.hpp"
#include "patella/model/kinematic_tree.hpp"
#include "patella/model/leg.hpp"
#include "patella/model/ligament_params.hpp"
#include "patella/model/spec.hpp"

namespace patella {

/// Names of the knee elements in the model (those of lenhart2015.osim).
struct KneeNames {
  std::string femur = "femur_distal_r", patella = "patella_r", tibia = "tibia_proximal_r";
  std::string pf_joint = "pf_r", knee_joint = "knee_r", hip_joint = "hip_r";
  std::string pf_contact = "pf_contact";
  std::array<std::string, 4> quadriceps{"vaslat_r", "vasmed_r", "vasint_r", "recfem_r"};
};

/// A ligament with one end on the patella.
struct PatellaLigament {
  std::string name;
  Vec3 p_K;                 ///< patellar attachment in K [m]
  std::string other_body;   ///< body of the other attachment
  int other_body_index = -1; ///< its index in Model::tree
  Vec3 p_B;                 ///< other attachment in its body [m]
  BlankevoortParams params;
  std::string wrap;         ///< ellipsoid it may wrap over ("" if none)
};

/// A muscle whose path enters the patella: its tension acts on the patella at the first patellar
/// point, toward the previous path point (or the wrap tangent point).
struct PatellaMuscle {
  std::string name;
  double max_isometric_force = 0.0;  ///< F0 [N]
  double minimum_activation = 0.0;   ///< [-]
  Vec3 p_K;                          ///< first patellar path point in K [m]
  std::string prev_body;             ///< body of the previous path point
  int prev_body_index = -1;          ///< its index in Model::tree
  Vec3 prev_p_B;                     ///< previous path point in its body [m]
  int wrap = -1;                     ///< index into Model::cylinders, -1 if none
};

struct WrapCylinder {
  std::string name, body, quadrant;
  int body_index = -1;  ///< in Model::tree
  Transform X_BW;    ///< pose in its body (axis = W's Z)
  double radius = 0.0;
};

struct WrapEllipsoid {
  std::string name, body;
  int body_index = -1;  ///< in Model::tree
  Transform X_BW;
  Vec3 radii = Vec3::Zero();
};

/// The ITB's link to the lateral patella (PHYSICS.md 5.4). At the knee the band is anchored to
/// the distal femur by the Kaplan fibres, so its node N, the point of the band (ITB1 path,
/// femur_r -> tibia_r at the reference pose) nearest the lateral patellar border, is held in F
/// and may slide along the band's reference direction d by s (proximal +). A tension-only linear
/// spring (97 N/mm, Merican et al. 2009) joins N to the lateral patellar border; it is just taut
/// in the relaxed straight knee (slack length = its length at the passive equilibrium at 0 deg,
/// quadriceps at minimum activation, found by compile()). Applied ITB tension T pulls N
/// proximally; the distal band resists with EA / node_distance (EA = ITB1 linear_stiffness).
struct ItbLink {
  bool enabled = false;
  Vec3 p_K;                      ///< lateral patellar attachment [m]
  Vec3 node_F;                   ///< N at s = 0, in F [m]
  Vec3 direction_F;              ///< d, unit, proximal along the band, in F
  double node_distance = 0.0;    ///< N's distance from the band's tibial point [m]
  double stiffness = 0.0;        ///< link [N/m]
  double slack_length = 0.0;     ///< link [m]
  double failure_force = 0.0;    ///< [N]
  double band_stiffness = 0.0;   ///< distal band, EA / node_distance [N/m]
};

struct Model {
  KneeNames names;
  ModelSpec spec;                ///< the source description, kept for pictures and messages
  KinematicTree tree;            ///< every joint of the spec (compiler/compile_kinematics.hpp)
  int pf_joint = -1;             ///< index in tree.joints
  int knee_joint = -1;           ///< index in tree.joints
  int hip_joint = -1;            ///< index in tree.joints, -1 when the model has none
  int femur = -1, patella = -1;  ///< body indices in tree (KneeNames::femur, ::patella)
  ContactModel contact;
  std::vector<PatellaLigament> ligaments;
  std::vector<PatellaMuscle> muscles;   ///< the quadriceps, in KneeNames order
  std::vector<WrapCylinder> cylinders;
  std::vector<WrapEllipsoid> ellipsoids;
  ItbLink itb;
  std::vector<double> pf_default;       ///< pf coordinates' default values
  /// Tibiofemoral coupling (mode "coupled"): knee_add, knee_rot [rad], knee_tx, ty, tz [m] as
  /// natural cubic splines of knee flexion through the table's rows.
  std::array<CubicSpline, 5> tf_coupling;
  std::vector<std::string> warnings;

  /// The gait side (compiler/compile_leg.hpp): the leg chain, its muscles and ITB with the spec's
  /// what-if edits, and the foot line from the R.Heel and R.MT5 markers. A spec without them
  /// compiles to a knee alone; the gait's set-up then reports leg_error or foot_error.
  bool has_leg = false;
  Leg leg;
  MuscleSet leg_muscles;
  bool has_foot = false;
  FootLine foot;
  std::string leg_error, foot_error;   ///< why there is no leg / foot line (the compiler's message)

  Model() = default;
  Model(const Model&) = delete;         // large (meshes, contact grids), and its Leg points
  Model& operator=(const Model&) = delete;  // back at it: made once (compile), never copied
  Model(Model&&) = delete;
};

}  // namespace patella
