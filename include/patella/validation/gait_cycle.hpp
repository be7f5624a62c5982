#pragma once
/// Section D: the gait cycle (running and walking) against published numbers (D1), the
/// step-rate direction (D2), the walking trial's net moments (D3), the activation integrator's
/// convergence (D4) and the cost of the massless patella (D5).
#include <array>
#include <string>
#include <vector>

#include "patella/gait/patella_inertia.hpp"
#include "patella/validation/measured_running.hpp"
#include "patella/validation/figure.hpp"
#include "patella/validation/gait_run.hpp"
#include "patella/validation/gait_tibiofemoral.hpp"

namespace patella::validation {

/// D1: peaks of the default running cycle (over stance unless stated). Forces in N, moments in
/// N m, pressures in Pa, areas in m2 unless the name gives the unit.
struct RunningComparison {
  double body_mass = 0.0, body_weight = 0.0, stance_percent = 0.0;
  double knee_flexion_deg = 0.0;             ///< peak stance knee flexion (input)
  double vertical_grf_bw = 0.0;              ///< peak vertical GRF (input)
  double knee_extension_moment = 0.0;        ///< inverse dynamics
  double hip_abduction_moment = 0.0;
  GaitPeak pf_force_bw;                      ///< peak PF contact force [BW]
  double knee_flexion_at_pf_deg = 0.0;       ///< at the peak PF force, as the next three
  double mean_pressure = 0.0, peak_pressure = 0.0, contact_area = 0.0;
  double quadriceps_bw = 0.0;                ///< peak of the four quadriceps' sum, whole cycle
  std::array<GaitPeak, 3> vasti;             ///< vaslat, vasmed, vasint, whole cycle [N]
  double tfl = 0.0;                          ///< peak tfl_r force, whole cycle
  GaitPeak itb_tension;                      ///< whole cycle [N]
  double lateral_shift_min_mm = 0.0, lateral_shift_max_mm = 0.0;
  double lateral_tilt_deg = 0.0;             ///< peak lateral tilt
  std::array<double, 5> max_reserve{};       ///< largest |reserve| per driven dof, whole cycle
};
RunningComparison compare_running(const GaitResult& running);
/// The D heading and introduction, then D1.
std::string running_markdown(const RunningComparison& c);

/// D2: the measured run at -10/-5/0/+5/+10 % step rate (gait/step_rate.hpp). Peaks over each
/// run's own stance unless stated; the state at the peak PF force.
struct StepRatePoint {
  double change = 0.0;               ///< step-rate change [-]
  double stride = 0.0, stance = 0.0; ///< [s]
  double impulse_ratio = 0.0;        ///< stance vertical impulse / (body weight x half the stride)
  double vertical_grf_bw = 0.0;      ///< peak vertical ground reaction [BW]
  double knee_strike_deg = 0.0;      ///< knee flexion at foot strike
  double knee_flexion_deg = 0.0;     ///< peak stance knee flexion
  double hip_flexion_deg = 0.0;      ///< peak hip flexion, whole cycle
  double hip_adduction_deg = 0.0;    ///< peak stance hip adduction
  double knee_moment = 0.0;          ///< peak knee extension moment [N m/kg]
  double pf_force_bw = 0.0;          ///< peak PF force, in the preferred run's body weights
  double mean_pressure = 0.0;        ///< [Pa]
  double contact_area = 0.0;         ///< [m2]
  double lateral_shift = 0.0;        ///< pf_tz [m]
  double lateral_tilt = 0.0;         ///< [rad]
  double largest_reserve_share = 0.0;  ///< over the driven joints (actuation.hpp)
};
/// change: the run's step-rate change; bw: the preferred run's body weight [N].
StepRatePoint step_rate_point(const GaitRun& run, double change, double bw);
/// The stance-time exponent's sensitivity: the +-10 % runs at another k.
struct ExponentPoint {
  double exponent = 0.0, change = 0.0;
  double stance = 0.0;               ///< [s]
  double knee_moment_change = 0.0;   ///< against the preferred run [-]
  double pf_change = 0.0;            ///< peak PF force against the preferred run [-]
};
struct StepRate {
  std::vector<StepRatePoint> points;   ///< by change, the preferred (0) among them
  std::vector<ExponentPoint> exponent; ///< the sweep
  double default_exponent = 0.0;
  /// +10 % lowers peak knee flexion, the knee extension moment and the peak PF force
  bool holds = false;
};
/// points must hold the preferred rate (change 0).
StepRate compare_step_rate(std::vector<StepRatePoint> points, std::vector<ExponentPoint> exponent);
std::string step_rate_markdown(const StepRate& s);
/// PF force, lateral shift and tilt over the cycle at each step rate (all in the preferred run's
/// body weights); runs[i] goes with labels[i].
Figure step_rate_figure(const std::vector<const GaitResult*>& runs, const std::vector<std::string>& labels);

/// D3: the walking trial's inverse dynamics against the moments of its muscle forces.
struct WalkingMoments {
  double t_start = 0.0, t_end = 0.0;          ///< the cycle in the trial [s]
  std::array<double, 5> peak_net{};           ///< peak |net moment| per driven dof [N m]
  std::array<double, 5> max_reserve{};        ///< largest |reserve| [N m]
  std::array<double, 5> rms_net_minus_muscle{};  ///< RMS (net - integrated muscle moment) [N m]
  GaitPeak pf_force_bw;                       ///< peak PF contact force [BW]
  double knee_flexion_at_pf_deg = 0.0;
};
WalkingMoments compare_walking(const GaitRun& walking);
std::string walking_markdown(const WalkingMoments& w);
/// Hip flexion, knee and ankle moments: inverse dynamics and integrated muscle forces.
Figure walking_figure(const GaitResult& walking);

/// D4: steppers and tolerances against a Dormand-Prince reference at 1e-9 (running).
struct IntegratorSetting {
  ActivationStepper stepper = ActivationStepper::Dopri5;
  double tolerance = 0.0;     ///< abs = rel
  bool is_default = false;
  int steps = 0;
  double max_shift_change_mm = 0.0;  ///< max |pf_tz - reference| over the frames
};
struct IntegratorStudy {
  double output_interval_ms = 0.0;
  std::vector<IntegratorSetting> settings;
  double largest_mm = 0.0;  ///< the largest max_shift_change_mm
  double tenfold_mm = 0.0;  ///< default (dopri5 1e-6) against dopri5 1e-7
};
/// preferred: the running scenario already run at its default setting (dopri5, 1e-6).
IntegratorStudy integrator_study(const std::string& running_scenario, const GaitRun& preferred,
                                 const ProgressMessage& progress = nullptr);
std::string integrator_markdown(const IntegratorStudy& s);

/// D5: the patella's mass and inertia added to first order (PHYSICS.md 4).
struct PatellaMass {
  double mass = 0.0;  ///< [kg], from the .osim
  InertiaCheck check;
};
PatellaMass patella_mass_check(const GaitRun& running);
std::string patella_mass_markdown(const PatellaMass& p);

/// All of section D.
struct GaitCycleValidation {
  MeasuredRunning measured;   ///< D0
  RunningComparison running;
  StepRate step_rate;
  WalkingMoments walking;
  IntegratorStudy integrator;
  PatellaMass patella_mass;
  TibiofemoralGait tibiofemoral;  ///< D6
  Figure step_rate_figure, walking_figure;
};

/// Runs synthetic_running_cycle (D1), baseline_running and its step-rate variants with the
/// exponent sweep (D2), baseline_walking (D3) from scenarios_dir, then the integrator study and
/// the patella-mass check.
GaitCycleValidation validate_gait_cycle(const std::string& scenarios_dir,
                                        const ProgressMessage& progress = nullptr);

/// Section D's text; figures_link empty: no figure links.
std::string gait_cycle_markdown(const GaitCycleValidation& d, const std::string& figures_link);

}  // namespace patella::validation
