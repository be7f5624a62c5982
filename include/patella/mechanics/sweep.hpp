#pragma once
/// A knee-flexion sweep of patellar equilibria, warm-started from one angle to the next.
#include <functional>
#include <vector>

#include "patella/mechanics/equilibrium.hpp"

namespace patella {

struct SweepOptions {
  std::vector<double> flexion;            ///< knee flexion angles [rad], in order
  KneePose pose;                          ///< hip angles (knee_flexion is overwritten)
  KneeLoads loads;
  SolverOptions solver;
  double stability_shift = 0.0;           ///< > 0: also find the push for +/- this pf_tz offset [m]
  double max_continuation_step = deg_to_rad(2.0);  ///< warm-start sub-steps between angles [rad]
  /// Optional: adjusts the pose and loads at each solved flexion (sub-steps included), e.g. to
  /// replay a reference simulation's tibia pose and muscle forces.
  std::function<void(double knee_flexion, KneePose&, KneeLoads&)> customize;
  /// With solver.solve_tibiofemoral: gravity on the shank and foot (add_tibia_gravity) in the
  /// pose's posture (pelvis upright unless pose.pelvis_tilt says otherwise).
  bool tibia_gravity = true;
};

struct SweepRow {
  double knee_flexion = 0.0;              ///< [rad]
  std::array<double, 6> pf{};             ///< pf_flex, pf_rot, pf_tilt [rad]; pf_tx, ty, tz [m]
  std::array<double, 5> tf_secondary{};   ///< as KneeFrames (solved, or from the coupling)
  /// With the tibia solved: the tibia's forces (tibiofemoral contact, its ligaments), and the
  /// contact pressure per tibial cartilage face [Pa].
  TibiaForces tibia;
  std::vector<double> tf_pressure;
  PatellaState state;
  ContactResult contact;
  std::vector<double> pressure;           ///< per patellar face [Pa]
  std::vector<double> ligament_tension;   ///< [N]
  std::vector<Vec3> muscle_direction;
  double itb_link_tension = 0.0;          ///< iliopatellar bundles, summed [N]
  Vec3 itb_node_offset = Vec3::Zero();    ///< the ITB node from its Kaplan anchor, in F [m]
  double kaplan_force = 0.0;              ///< [N]
  double itb_tension = 0.0;               ///< applied to the band [N]
  std::vector<double> quadriceps;         ///< tendon forces applied, Model::muscles order [N]
  int ligaments_crossing_wrap = 0;
  EquilibriumReport report;
  double lateral_stability = 0.0;         ///< push along +Z_F to shift +stability_shift [N]
  double medial_stability = 0.0;          ///< push along -Z_F to shift -stability_shift [N]
  bool stability_converged = true;
};

/// Progress: called after each angle with (done, total).
using Progress = std::function<void(int, int)>;

/// Runs the sweep from the model's default patella pose, continuing in sub-steps of at most
/// max_continuation_step from 0 rad to the first angle and between angles.
std::vector<SweepRow> run_sweep(const Model& model, const SweepOptions& options,
                                const Progress& progress = nullptr);

/// pf coordinates of a patella pose (Newton from the guess q0).
std::array<double, 6> pf_coordinates(const Model& model, const Transform& X_FK,
                                     const std::array<double, 6>& q0);

}  // namespace patella
