#pragma once
/// Section D6: the walking and running baselines with the tibia solved (knee.tibiofemoral:
/// solved) beside the coupled tibia: convergence, the patellar outcomes before and after, the
/// tibiofemoral compartment loads, and the walking trial's own tibial coordinates.
#include <array>
#include <string>

#include "patella/validation/gait_run.hpp"

namespace patella::validation {

struct TibiofemoralRun {
  std::string name;
  int frames = 0, converged = 0;           ///< the solved run's frames and converged frames
  double pf_peak_bw[2]{};                  ///< coupled, solved
  double shift_at_peak_mm[2]{}, tilt_at_peak_deg[2]{};
  double knee_reserve_nm[2]{};             ///< largest |knee reserve| [N m]
  double tf_peak_bw = 0.0;                 ///< solved: peak total TF contact force [BW]
  double tf_peak_percent = 0.0;
  double medial_share_at_peak = 0.0;       ///< medial plateau's share there [-]
  std::array<double, 2> tx_range_mm{}, rot_range_deg{};  ///< solved, over the cycle
};

struct TibiofemoralGait {
  TibiofemoralRun walking, running;
  /// walking: each tibial coordinate's RMS from the trial .mot's column over the cycle, coupled
  /// and solved (deg, deg, mm, mm, mm), and the .mot column's range
  std::array<double, 5> rms_coupled{}, rms_solved{};
  std::array<std::array<double, 2>, 5> trial_range{};
  std::string trial_file;
};

/// walk and run: the coupled baselines already simulated; their scenarios are re-run solved.
TibiofemoralGait validate_tibiofemoral_gait(const GaitRun& walk, const std::string& walk_file,
                                            const GaitRun& run, const std::string& run_file,
                                            const ProgressMessage& progress = nullptr);

std::string tibiofemoral_gait_markdown(const TibiofemoralGait& d);

}  // namespace patella::validation
