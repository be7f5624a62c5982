#pragma once
/// Quasi-static 6-DOF patellar equilibrium (massless patella, like COMAK): at a prescribed knee
/// pose, find the patella pose X_FK where muscle, ligament, ITB-link, contact and external forces
/// on the patella sum to zero force and zero moment.
///
/// Unknowns x = (dtheta, dp): a rotation of the patella about its origin and a translation,
/// both expressed in F (updates R <- exp(dtheta) R, p <- p + dp).
/// Residual r = (F, M / L_c): net force on the patella [N] and net moment about its origin
/// [N m] scaled by L_c = 0.02 m. The ITB's node is balanced inside each evaluation
/// (mechanics/itb_pathway.hpp). The Jacobian is analytic (tested against finite differences in
/// tests/mechanics).
#include <array>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "patella/mechanics/contact.hpp"
#include "patella/model/model.hpp"

namespace patella {

/// The prescribed joint angles [rad]; tibiofemoral secondary coordinates follow the model's
/// coupling (or zero).
struct KneePose {
  double knee_flexion = 0.0;   ///< knee_flex_r [rad]
  double hip_flexion = 0.0;    ///< hip_flex_r [rad]
  double hip_adduction = 0.0;  ///< hip_add_r [rad]
  double hip_rotation = 0.0;   ///< hip_rot_r [rad]
  /// Added to the coupled knee_rot_r [rad]: negative = tibia turned externally = femur turned
  /// internally under the patella (positive knee_rot_r turns the tibia's X axis medially).
  double knee_rotation_offset = 0.0;
  /// The femur turned internally by this angle [rad] about the hip's rotation axis under a
  /// planted foot: the tibia (and every body below the knee) keeps the orientation it has at
  /// hip_rotation - this angle, pivoting at the knee centre (femur_turn_under_tibia).
  /// hip_rotation includes it.
  double femoral_rotation = 0.0;
  /// When set, these knee_add, knee_rot [rad], knee_tx, ty, tz [m] replace the coupling
  /// (e.g. to replay a reference simulation's tibia pose).
  bool tf_override = false;
  std::array<double, 5> tf_secondary{};
  /// pelvis_tilt [rad]: only where gravity acts in F (the passive flexion reference lies supine,
  /// pelvis_tilt 90 deg); the knee's mechanics do not see it otherwise.
  double pelvis_tilt = 0.0;
};

/// Poses of the bodies the patella sees, in F = femur_distal_r.
struct KneeFrames {
  KneePose pose;
  std::array<double, 5> tf_secondary{};   ///< knee_add, knee_rot [rad]; knee_tx, ty, tz [m]
  std::vector<Transform> X_FB;            ///< every body's pose in F, by Model::tree index
  Mat3 R_FG = Mat3::Identity();           ///< ground's axes in F (gravity is -Y in ground)
};

/// Secondary tibiofemoral coordinates at a knee flexion (natural cubic spline through the
/// smoothed table, continued linearly beyond its ends; zero in mode "zero").
std::array<double, 5> tibiofemoral_secondary(const Model& model, double knee_flexion);
KneeFrames compute_knee_frames(const Model& model, const KneePose& pose);

struct KneeLoads {
  /// Tendon force [N] of each patellar muscle, in Model::muscles order (missing entries are 0).
  std::vector<double> quadriceps;
  double itb_tension = 0.0;            ///< tension applied to the ITB proximally [N]
  double push_lateral = 0.0;           ///< external force on the patella origin along +Z_F [N]
  /// Turns every quadriceps line of action about X_F (anterior) [rad]; positive swings the
  /// proximally directed pull toward +Z_F (lateral): a larger Q angle.
  double quadriceps_line_rotation = 0.0;
  Vec3 external_force = Vec3::Zero();   ///< at the patella origin, in F [N]
  Vec3 external_moment = Vec3::Zero();  ///< on the patella, in F [N m]
  /// External load on the tibia and every body below the knee (solved tibiofemoral coordinates):
  /// a force along a direction fixed in F through a point fixed in the tibia (Model::tibia's
  /// frame), and a free moment; constant over the solve. Gravity is such a force at the
  /// subtree's mass centre (add_tibia_gravity).
  Vec3 tibia_force = Vec3::Zero();        ///< in F [N]
  Vec3 tibia_force_point = Vec3::Zero();  ///< in the tibia's frame [m]
  Vec3 tibia_moment = Vec3::Zero();       ///< in F [N m]
};

/// The quadriceps at passive tone: minimum_activation x F0 of each (the .osim's values).
KneeLoads passive_tone_loads(const Model& model);

struct PatellaState {
  Transform X_FK;                      ///< patella pose in F
  /// The ITB node where the last evaluation balanced it, in F [m] (the next one starts there;
  /// NaN: start at the Kaplan anchor).
  Vec3 itb_node = Vec3::Constant(std::numeric_limits<double>::quiet_NaN());
};

/// The patella at the model's default pf coordinates.
PatellaState default_patella_state(const Model& model);

/// What the last residual evaluation found, per element (forces on the patella, in F).
struct ElementForces {
  ContactResult contact;
  std::vector<double> ligament_tension;      ///< [N], Model::ligaments order
  std::vector<Vec3> muscle_direction;        ///< unit pull direction, Model::muscles order
  std::vector<char> muscle_wrapped;
  double itb_link_tension = 0.0;             ///< iliopatellar bundles' summed tension [N]
  Vec3 itb_node = Vec3::Zero();              ///< where the ITB node balanced, in F [m]
  bool itb_node_converged = true;
  double kaplan_force = 0.0;                 ///< [N]
  int ligaments_crossing_wrap = 0;           ///< straight path passes through its ellipsoid
  /// Each element's force on the patella and its moment about the patella origin, in F, as the
  /// residual summed them (mechanics/force_budget.hpp groups them).
  std::vector<Vec3> ligament_force, ligament_moment;  ///< Model::ligaments order [N], [N m]
  std::vector<Vec3> muscle_force, muscle_moment;      ///< Model::muscles order [N], [N m]
  Vec3 itb_force = Vec3::Zero(), itb_moment = Vec3::Zero();  ///< iliopatellar bundles, summed
};

/// Forces on the tibia (and every body below the knee) at the last evaluation, in F; moments
/// about the tibia's origin (solved tibiofemoral coordinates only).
struct TibiaForces {
  ContactResult contact;                     ///< tibiofemoral contact on the tibia
  std::vector<double> ligament_tension;      ///< [N], Model::tf_ligaments order
  std::vector<Vec3> ligament_force;          ///< on the tibia [N]
  int ligaments_wrapped = 0;                 ///< bundles whose path wrapped over their surface
  Vec3 tendon_force = Vec3::Zero();          ///< patellar tendon (ligaments patella-tibia) [N]
  Vec3 itb_force = Vec3::Zero();             ///< the ITB's distal span, node to Gerdy's tubercle [N]
  Vec3 force = Vec3::Zero(), moment = Vec3::Zero();  ///< everything, summed [N], [N m]
  /// Generalized forces along knee_add, knee_rot [N m] and knee_tx, ty, tz [N]: zero in balance.
  std::array<double, 5> generalized{};
};

struct EquilibriumWorkspace {
  ContactWorkspace contact;
  ElementForces forces;
  ContactWorkspace tf_contact;   ///< for Model::tf_contact (empty without it)
  TibiaForces tibia;
  /// dr/dx of the patella's last residual evaluated with its Jacobian (in a solve: the state
  /// it returned), as compute_residual gives it; predict_equilibrium linearises about it
  Eigen::Matrix<double, 6, 6> jacobian = Eigen::Matrix<double, 6, 6>::Zero();
};
EquilibriumWorkspace make_equilibrium_workspace(const Model& model);

constexpr double kMomentScale = 0.02;  ///< L_c [m]

using Residual = Eigen::Matrix<double, 6, 1>;
using Jacobian = Eigen::Matrix<double, 6, 6>;

/// Residual (and, if J is given, its analytic Jacobian) at a state. With reuse_contact the
/// articular contact is not evaluated: ws.forces.contact (from an earlier evaluation) stands in.
void compute_residual(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                      const PatellaState& state, EquilibriumWorkspace& ws, Residual& r,
                      Jacobian* J, bool reuse_contact = false);

/// The patella's equilibrium under `loads`, to first order from `solved`: an equilibrium (of
/// the patella alone) under nearby loads, the last state solve_equilibrium returned with this
/// workspace. One Newton step with the contact and the Jacobian held at `solved`,
/// x = -J^-1 r(solved, loads); the error is second order in the change of load. ws.forces ends
/// holding the other elements' forces at the prediction (the contact's at `solved`). The
/// muscle-patella coupling asks it for the patellar tendon's tension many times per frame, at
/// a fraction of a solve's cost.
PatellaState predict_equilibrium(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                                 const PatellaState& solved, EquilibriumWorkspace& ws);

/// Applies an update x = (dtheta, dp) to a state.
PatellaState apply_step(const PatellaState& state, const Eigen::Matrix<double, 6, 1>& x);

struct SolverOptions {
  int max_iterations = 100;
  double force_tolerance = 1e-3;    ///< [N]
  double moment_tolerance = 1e-5;   ///< [N m]
  bool fix_lateral = false;         ///< hold pf_tz at lateral_target with an unknown push
  double lateral_target = 0.0;      ///< [m]
  /// Solve knee_add, knee_rot, knee_tx, ty, tz with the patella, from the balance of the tibia
  /// (mechanics/tibiofemoral.hpp), starting from the frames' tf_secondary; the solved frames
  /// are returned through the KneeFrames& overload of solve_equilibrium.
  bool solve_tibiofemoral = false;
  /// Evaluate the contacts by the exact reference (every casting face ray-cast through the BVH,
  /// ContactWorkspace::use_culling off) instead of the distance-grid culling: the same numbers,
  /// several times slower; for the tests that check the fast path.
  bool exact_contact = false;
  /// The damping the pseudo-transient continuation starts from [N/m] (solve_equilibrium). The
  /// default, 10 N per mm of travel, lets a cold start slide until a slack tendon tightens; the
  /// first step then closes only K / (K + damping) of the distance along a stiffness K, so from a
  /// warm start near the solution a small value makes the steps Newton's at once (a step that
  /// does not lower the residual still raises the damping tenfold).
  double initial_damping = 1e4;
};

struct EquilibriumReport {
  bool converged = false;
  int iterations = 0;
  double residual_force = 0.0;      ///< |F| [N] at the end
  double residual_moment = 0.0;     ///< |M| [N m] at the end
  double constraint_force = 0.0;    ///< with fix_lateral: the push along +Z_F it needed [N]
  /// Converged by the stall rule (solve_equilibrium): no step lowers the residual at a kink of
  /// the piecewise-linear contact, and the residual is within 1e-4 of the load carried.
  bool stalled = false;
  /// With solve_tibiofemoral: the tibia's residual generalized forces at the end, |(Q_tx, Q_ty,
  /// Q_tz)| [N] and |(Q_add, Q_rot)| [N m]; the patella's are residual_force/moment.
  bool tibiofemoral_solved = false;
  double tibia_residual_force = 0.0;
  double tibia_residual_moment = 0.0;
  std::string message;              ///< why it stopped when not converged
};

/// Pseudo-transient continuation (Kelley & Keyes 1998) with switched evolution relaxation: each
/// step is implicit Euler of the overdamped motion C dx/dt = R(x) with a damping that falls with
/// the residual, so steps become Newton's near the solution; a step is accepted when it lowers
/// the residual or goes downhill in potential energy. From the given state (warm start). Never returns non-finite values: a NaN stops the solve and is
/// reported. The state holds the last accepted iterate.
/// With options.solve_tibiofemoral the unknowns are the patella's six and the tibia's five
/// secondary coordinates (11, +1 with fix_lateral); the Jacobian's patellar block is analytic,
/// the rest finite differences (forward, 1e-7 m and 1e-6 rad). That needs the KneeFrames&
/// overload, which returns the frames at the solved tibia; the const one refuses it.
EquilibriumReport solve_equilibrium(const Model& model, const KneeFrames& frames,
                                    const KneeLoads& loads, const SolverOptions& options,
                                    EquilibriumWorkspace& ws, PatellaState& state);
EquilibriumReport solve_equilibrium(const Model& model, KneeFrames& frames,
                                    const KneeLoads& loads, const SolverOptions& options,
                                    EquilibriumWorkspace& ws, PatellaState& state);

}  // namespace patella
