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
  std::string pf_contact = "pf_contact", tf_contact = "tf_contact";
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
/// point, toward the previous path point (or the wrap tangent point). A quadriceps head with its
/// own frontal-plane angle pulls toward a femur-fixed point placed along that angle instead.
struct PatellaMuscle {
  std::string name;
  std::string muscle;                ///< the .osim muscle (KneeNames::quadriceps) it is or is a head of
  double max_isometric_force = 0.0;  ///< F0 [N]
  double minimum_activation = 0.0;   ///< [-]
  Vec3 p_K;                          ///< first patellar path point in K [m]
  std::string prev_body;             ///< body of the previous path point
  int prev_body_index = -1;          ///< its index in Model::tree
  Vec3 prev_p_B;                     ///< previous path point in its body [m]
  int wrap = -1;                     ///< index into Model::cylinders, -1 if none
};

/// A ligament between the femur and the tibia (cruciates, collaterals, capsule): its tension
/// acts on the tibia along the free span that reaches the femur (over the wrap surface, when it
/// has one of the model's WrapEllipsoid or WrapCylinder).
struct KneeLigament {
  std::string name;
  int femur_body = -1, tibia_body = -1;  ///< Model::tree indices (tibia_body below the knee)
  Vec3 p_femur, p_tibia;                 ///< attachments in their bodies [m]
  BlankevoortParams params;
  int ellipsoid = -1;                    ///< index into Model::ellipsoids, -1 if none
  int cylinder = -1;                     ///< index into Model::cylinders, -1 if none
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

/// The iliotibial band's pathway to the lateral patella (PHYSICS.md 5.4). At the knee the band
/// is represented by one node N, a point of the band at the lateral femoral epicondyle, in
/// quasi-static balance under (all in F):
///  - the band's tension T, pulling N toward the proximal band point A (ITB1's point at the greater
///    trochanter) and the distal one B (ITB1's point at Gerdy's tubercle, on the tibia): as the
///    knee flexes B moves posteriorly and the band with it (the "bowstring");
///  - the Kaplan fibres, a zero-length linear spring joining N to the femoral anchor K, where N
///    sits at the reference pose (no measured stiffness: swept in docs/validation.md);
///  - the lateral femoral condyle, a femur-fixed sphere that N may not enter (a stiff penalty);
///  - the iliopatellar band, Blankevoort bundles from N to the lateral patellar border.
/// N is solved inside each patellar residual evaluation (mechanics/itb_pathway.hpp); its
/// stiffness enters the patella's Jacobian by the implicit function theorem.
struct ItbPathway {
  bool enabled = false;
  Vec3 proximal_F;                  ///< A, femur-fixed, in F [m]
  int distal_body_index = -1;       ///< B's body (Model::tree)
  Vec3 distal_p_B;                  ///< B in that body [m]
  Vec3 kaplan_anchor_F;             ///< K, in F [m]
  double kaplan_stiffness = 0.0;    ///< [N/m]
  Vec3 condyle_center_F;            ///< the lateral condyle's sphere, in F [m]
  double condyle_radius = 0.0;      ///< [m]
  double condyle_stiffness = 1e6;   ///< penalty [N/m]: 0.1 mm into the bone per 100 N
  std::vector<Vec3> bundle_p_K;     ///< iliopatellar bundles' patellar attachments, in K [m]
  std::vector<BlankevoortParams> bundle_params;
  double reference_strain = 0.0;    ///< of the bundles at the reference pose [-]
  double failure_force = 0.0;       ///< of the whole iliopatellar band [N]
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
  /// Tibiofemoral contact (issue 15): the tibial cartilage (casting, in the frame of
  /// KneeNames::tibia) against the femoral (target, F); CastingSurface::lateral marks the lateral
  /// plateau. Compiled when the file has KneeNames::tf_contact; the solved tibiofemoral
  /// coordinates use it (mechanics/tibiofemoral.hpp).
  bool has_tf_contact = false;
  ContactModel tf_contact;
  int tibia = -1;                        ///< KneeNames::tibia's body index (the TF casting body)
  /// Ligaments between femur and tibia, for the solved tibiofemoral coordinates
  /// (mechanics/tibiofemoral.hpp); the patellar tendon is in `ligaments` (one end on the patella).
  std::vector<KneeLigament> tf_ligaments;
  std::vector<PatellaLigament> ligaments;
  /// The quadriceps and their heads, in KneeNames order (a muscle's heads in its place, in the
  /// spec's order); KneeLoads::quadriceps is indexed alike.
  std::vector<PatellaMuscle> muscles;
  std::vector<WrapCylinder> cylinders;
  std::vector<WrapEllipsoid> ellipsoids;
  ItbPathway itb;
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
