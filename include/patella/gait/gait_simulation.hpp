#pragma once
/// The whole gait cycle (PHYSICS.md 4-7):
/// 1. at each frame: coordinates -> inverse dynamics (hip 3 axes, knee flexion, ankle) ->
///    static optimisation of the muscle activations, iterated with the patellofemoral
///    equilibrium until the quadriceps' knee moment arm (through the patella and its tendon)
///    and the muscle forces agree;
/// 2. the activations are turned into excitations by inverting first-order activation dynamics
///    (Millard2012 / Thelen 2003), which are then integrated over the cycle with Boost.Odeint
///    (controlled Dormand-Prince 5(4)); the integrated activations give the muscle forces
///    (rigid tendon) that drive the patella;
/// 3. at each frame the massless patella's 6-DOF equilibrium under the quadriceps, the ITB
///    (its muscles' forces plus its passive stretch) and every ligament and contact force gives
///    lateral shift, tilt and the patellofemoral contact.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "patella/core/sparse_field.hpp"
#include "patella/gait/inverse_dynamics.hpp"
#include "patella/gait/muscle_set.hpp"
#include "patella/gait/static_optimization.hpp"
#include "patella/mechanics/equilibrium.hpp"

namespace patella {

/// Boost.Odeint steppers compared in docs/validation.md D4 (the default is the cheaper one there).
enum class ActivationStepper { Dopri5, CashKarp54 };

/// What the nervous system is assumed to do about a what-if's muscle changes (PHYSICS.md 7).
enum class Control {
  /// Static optimisation re-solves every frame's activations to reproduce the net moments: a
  /// taut band's passive force replaces active force, lost strength moves to other muscles.
  Compensated,
  /// The activations static optimisation finds with the baseline's muscles (the scenario's
  /// muscle edits and activation floors undone) are held; the edited muscles produce what they
  /// produce at those activations, and the net-moment imbalance this leaves is reported in the
  /// reserve channels. The motion stays prescribed.
  Uncompensated,
  /// Static optimisation as Compensated, with synergists' activation ratios held in bands from
  /// running EMG (GaitOptions::activation_constraints, gait/emg_constraints.hpp): the solver
  /// cannot move a lost muscle's work freely to its neighbours.
  EmgConstrained,
};


/// The knee's pose (mechanics/equilibrium.hpp) at leg coordinates q with the femur turned under
/// the planted foot by femoral_rotation [rad].
KneePose knee_pose_of(const LegQ& q, double femoral_rotation);

struct GaitOptions {
  int frames_per_cycle = 101;           ///< output frames per cycle, ends included
  int cycles = 1;                       ///< > 1 only for a periodic input (a cycle CSV)
  double integrator_abs_tol = 1e-6;     ///< activation [-]
  double integrator_rel_tol = 1e-6;     ///< [-]
  ActivationStepper stepper = ActivationStepper::Dopri5;
  int max_coupling_iterations = 12;     ///< static optimisation <-> patella
  double quadriceps_line_rotation = 0.0;///< Q-angle what-if: quadriceps line swung laterally [rad]
  double itb_pretension = 0.0;          ///< what-if: added to the ITB tension throughout [N]
  /// Gait percents at which to keep the per-triangle contact pressure (the frame nearest each);
  /// the frame of peak PF force in each cycle is always kept.
  std::vector<double> pressure_at_percent;
  double arm_tolerance = 1e-5;          ///< quadriceps knee-arm agreement [m]
  /// Between two solves of the coupling, settle the arm against the patella linearised about
  /// the last one (predict_equilibrium); off: the plain iteration, one solve per step (kept to
  /// check the fast path against)
  bool linearised_coupling = true;
  /// With linearised_coupling, the static-optimisation pass solves its patella to these
  /// tolerances (at least the solver's own): that patella only gives the quadriceps' knee arm
  /// (to arm_tolerance) and the next pass's first guess, while the activation-dynamics pass,
  /// whose patella is the result, solves to SolverOptions' (1e-3 N, 1e-5 N m). Measured on the
  /// default running cycle: 7 % fewer instructions; lateral shift within 1e-4 mm, tilt 3e-4
  /// deg, PF force 0.18 N (2e-5) of the tight pass; the accuracy test holds the fast path to the
  /// exact one.
  double coupling_force_tolerance = 0.05;   ///< [N]
  double coupling_moment_tolerance = 5e-4;  ///< [N m]
  /// With linearised_coupling, where the arm settled against the patella linearised about the
  /// frame's last solve and the prediction moved the patella's origin plus L_c (kMomentScale)
  /// times its turn by less than this, the static-optimisation pass keeps the prediction
  /// instead of confirming it with a solve; the next coupling step (the quadriceps' paths at
  /// the new patella, static optimisation again) then predicts again about the same solve: the
  /// arm iteration folded into one solve's linearisation (0: always confirm). Measured on the
  /// default running cycle: 2.2 solves per frame instead of 3.2 (a fifth fewer contact
  /// evaluations); lateral shift, tilt and PF force within 4e-4 mm, 6e-4 deg and 0.14 % of
  /// always confirming. With 0.3 mm, predictions in swing (small quadriceps force, where the
  /// arm is a small torque over a small force) moved the arm by up to 0.8 mm, and held
  /// activations then left knee reserves 0.23 N m away from the compensated run's (0.07 N m
  /// here and when always confirming; tests/gait/control_test.cpp). [m]
  double coupling_confirm_step = 0.1e-3;
  /// The damping the warm-started solves of the patella start from
  /// (SolverOptions::initial_damping): every frame's but the first of a pass, which starts cold
  /// from the model's default patella and keeps the solver's 1e4 N/m. At 1e4 N/m against
  /// contact stiffnesses of 1e5-1e6 N/m each step closed only about 90-99 % of the distance,
  /// so a warm solve took about one iteration more than Newton's. With solve_tibiofemoral the
  /// solver's own damping stays (from 1 N/m the solved knee took a fifth more iterations:
  /// 2005 against 1675 on the default running cycle). [N/m]
  double warm_start_damping = 1.0;
  Control control = Control::Compensated;
  /// Solve the tibia's knee_add, knee_rot, knee_tx/ty/tz with the patella at every frame
  /// (mechanics/tibiofemoral.hpp) under the shank's external load and the knee-crossing muscles
  /// (gait/shank_load.hpp); false: the coupling places the tibia. Sequential, not joint: the
  /// muscle forces stay those static optimisation finds on the coupled knee (its inverse
  /// dynamics, moment arms, and the quadriceps' knee arm from the patellar tendon at the coupled
  /// tibia), iterated with the patella as before; the tibia is solved under them. The knee
  /// flexion equation at the solved pose would need the contact's and ligaments' generalized
  /// forces along knee_flex inside static optimisation (COMAK solves them together); with the
  /// tibia's own origin as flexion axis and only the tendon's arm updated, the quadriceps'
  /// arm shrank by a fifth at peak load and the lost moment went into the knee reserve.
  bool solve_tibiofemoral = false;
  /// Contacts by the exact reference, every face ray-cast (SolverOptions::exact_contact): for
  /// the tests that check the fast path over whole cycles.
  bool exact_contact = false;
  /// Uncompensated control: the muscle set without the scenario's edits (same muscles, same
  /// order), whose static-optimisation activations are held.
  const MuscleSet* baseline_muscles = nullptr;
  /// EmgConstrained control: linear constraints on the activations (indices into the run's
  /// muscle set), e.g. gait/emg_constraints.hpp's.
  std::vector<ActivationConstraint> activation_constraints;
};

struct GaitFrame {
  int cycle = 0;
  double time = 0.0;                    ///< [s] from the cycle's start (+ time_offset: the trial's)
  double gait_percent = 0.0;
  LegQ q{};                             ///< coordinates
  double femoral_rotation = 0.0;        ///< femur turned under the planted foot [rad] (leg_poses)
  DrivenMoments tau_id{};               ///< inverse dynamics [N m]
  std::array<double, 5> reserve{};      ///< static optimisation's reserve moments [N m]
  std::array<double, 5> muscle_moment{};///< moments of the integrated muscle forces [N m]
  std::vector<double> activation_so;    ///< [-]
  std::vector<double> activation;       ///< integrated [-]
  std::vector<double> force;            ///< tendon force from the integrated activation [N]
  double quadriceps_arm = 0.0;          ///< knee generalized force per newton of quadriceps [m]
  int coupling_iterations = 0;
  double itb_tension = 0.0;             ///< [N]
  Wrench grf;
  std::array<double, 6> pf{};           ///< pf coordinates [rad, m]
  PatellaState patella;
  /// Patellar alignment as imaging measures it (mechanics/clinical_alignment.hpp): the shift
  /// from the trochlear groove's deepest point [m], NaN where the patella has left the trochlea,
  /// and the tilt against the posterior condylar line [rad].
  double clinical_shift = 0.0, clinical_tilt = 0.0;
  ContactResult contact;
  EquilibriumReport report;
  std::vector<double> pressure;         ///< per patellar triangle [Pa], kept frames only
  SparseField contact_pressure;         ///< per patellar triangle [Pa], every frame (non-zero only)
  std::map<std::string, Transform> body_poses;  ///< the leg's bodies in femur_distal_r (patella solved)
  std::vector<double> ligament_tension; ///< [N], in the knee model's ligament order
  /// The force budget on the patella at its solved pose (mechanics/force_budget.hpp), in
  /// GaitResult::budget_terms order: forces [N] and moments about the patella origin [N m], in F.
  std::vector<Vec3> budget_force, budget_moment;
  int ligaments_crossing_wrap = 0;      ///< straight ligament paths through their (unmodelled)
                                        ///< wrap ellipsoid, e.g. the patellar tendon at PatTen_r
  /// knee_add, knee_rot [rad], knee_tx, ty, tz [m]: solved, or the coupling's
  std::array<double, 5> tf_secondary{};
  /// With the tibia solved: tibiofemoral contact on the tibia (lateral_force: the lateral
  /// plateau's share), its pressure per tibial cartilage face [Pa], the femur-tibia ligaments'
  /// tensions (Model::tf_ligaments order) [N].
  ContactResult tf_contact;
  SparseField tf_contact_pressure;
  std::vector<double> tf_ligament_tension;
};

struct GaitResult {
  std::vector<std::string> muscles;
  /// For each muscle the .osim muscle it is (or is a head of: vmo_r -> vasmed_r).
  std::vector<std::string> muscle_of;
  std::vector<int> quadriceps;          ///< indices into muscles of every quadriceps muscle or head
  std::vector<std::string> ligaments;   ///< the knee model's patellar ligaments, in order
  std::vector<std::string> budget_terms;  ///< force_budget_terms of the knee model
  /// The control hypothesis of the run; Uncompensated: GaitFrame::reserve is the net-moment
  /// imbalance the held activations leave.
  Control control = Control::Compensated;
  std::vector<GaitFrame> frames;
  double body_mass = 0.0;               ///< [kg]
  /// The cycle's start in the trial's own time base [s] (an OpenSim trial's t_start; 0 for a
  /// cycle CSV): exports add it, so they line up with the trial's files.
  double time_offset = 0.0;
  double stance_percent = 0.0;          ///< right stance share of the cycle [%]
  int integrator_steps = 0;
  double quadriceps_line_rotation = 0.0;  ///< the run's Q-angle what-if [rad]
  int equilibrium_solves = 0;           ///< patellofemoral equilibria solved
  int equilibrium_iterations = 0;       ///< their solver iterations (contact evaluations ~ 2x)
  std::vector<std::string> notes;
};

using GaitProgress = std::function<void(const std::string& stage, int done, int total)>;

/// A patellar equilibrium that does not converge (even by continuation) is flagged in its frame's
/// report, with the time and stage, and the run goes on. @throws SimulationError when static
/// optimisation or the muscle-patella iteration fails, naming the time.
GaitResult simulate_gait(const Model& knee, const Leg& leg, const MuscleSet& muscles,
                         const GaitInput& input, const FootLine& foot, const GaitOptions& options,
                         const GaitProgress& progress = nullptr);

/// Integrates the activation dynamics: activations at `times` (non-decreasing, may run over
/// several periods when periodic) following static-optimisation activations `a_so` sampled at
/// `so_times` (one cycle, both ends). @throws SimulationError on a non-finite activation.
std::vector<std::vector<double>> integrate_activations(
    const MuscleSet& muscles, const std::vector<double>& so_times,
    const std::vector<std::vector<double>>& a_so, bool periodic, double period,
    const std::vector<double>& times, double abs_tol, double rel_tol, int* steps = nullptr,
    ActivationStepper stepper = ActivationStepper::Dopri5);

}  // namespace patella
