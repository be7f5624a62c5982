#pragma once
/// Section D0: the measured runs of Hamner & Delp's subject01 at 2-5 m/s
/// (scenarios/measured_run_*ms.yaml), each against the subject's own inverse dynamics
/// (models/running/hamner2013_subject01/run*_id.sto), Roos et al. 2012's PF force and
/// Lenhart et al. 2015's pressures, with the reserves and saturated muscles that say whether the
/// muscles carry the motion.
#include <array>
#include <string>
#include <vector>

#include "patella/validation/figure.hpp"
#include "patella/validation/gait_run.hpp"

namespace patella::validation {

struct MeasuredRun {
  std::string scenario;
  double speed = 0.0;               ///< [m/s]
  double body_mass = 0.0;           ///< [kg], the scaled model's
  double stance_percent = 0.0;
  double knee_extension = 0.0, knee_extension_subject = 0.0;  ///< stance peaks [N m]
  double hip_abduction = 0.0, hip_abduction_subject = 0.0;    ///< stance peaks [N m]
  double hip_abduction_at = 0.0, hip_abduction_subject_at = 0.0;  ///< where: % of stance
  double knee_extension_hinge = 0.0;  ///< the knee's hinge-only moment at the knee peak [N m]
  double pf_peak_bw = 0.0, pf_peak_knee_deg = 0.0, pf_peak_percent = 0.0;
  double mean_pressure = 0.0, peak_pressure = 0.0;  ///< at the peak-PF frame [MPa]
  double contact_area = 0.0;                        ///< [mm2]
  double quadriceps_bw = 0.0;          ///< quadriceps force at the peak-PF frame [BW]
  double quadriceps_arm_mm = 0.0;      ///< knee moment per newton of quadriceps there [mm]
  std::array<double, 5> reserve_share{};  ///< peak |reserve| / peak |net moment| per joint
  std::vector<std::string> saturated;     ///< "name (frames)"
  bool converged = true;
  /// over stance (percent of stance): the model's and the subject's moments [N m]
  std::vector<double> stance_pct, knee_model, knee_subject, hip_model, hip_subject, pf_bw;
};

struct MeasuredRunning {
  std::vector<MeasuredRun> runs;
  Figure figure;
};

MeasuredRunning validate_measured_running(const std::string& scenarios_dir,
                                          const ProgressMessage& progress = nullptr);

std::string measured_running_markdown(const MeasuredRunning& m, const std::string& figures_link);

}  // namespace patella::validation
