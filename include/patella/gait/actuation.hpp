#pragma once
/// Whether the muscles carry the motion: how much of each driven joint's moment static
/// optimisation left to its reserve actuators, and where a muscle is saturated. A reserve is an
/// ideal torque that loads no joint, so a what-if that takes strength from a muscle and pushes
/// moment into a reserve lowers the joint loads for no anatomical reason; a saturated muscle
/// (activation at its ceiling) cannot take more of a what-if's load. Reports flag both.
#include <array>
#include <string>
#include <vector>

#include "patella/gait/gait_simulation.hpp"

namespace patella {

/// A muscle is saturated above this static-optimisation activation.
constexpr double kSaturatedActivation = 0.95;
/// Reserves are small when each joint's peak |reserve| stays below this share of the joint's peak
/// |net moment| over the cycle (OpenSim's guideline for reserve actuators, Hicks et al. 2015
/// J Biomech Eng 137:020905, Table 2, asks for the same 5 %).
constexpr double kSmallReserveShare = 0.05;

/// The driven joints' names in GaitFrame::reserve / tau_id order.
const std::array<const char*, 5>& driven_dof_names();

struct JointReserve {
  double peak_reserve = 0.0;      ///< max |reserve| over the cycle [N m]
  double peak_reserve_percent = 0.0;  ///< gait percent where it is largest
  double peak_moment = 0.0;       ///< max |inverse-dynamics moment| over the cycle [N m]
  /// peak_reserve / peak_moment (0 when the joint carries no moment)
  double share() const { return peak_moment > 0.0 ? peak_reserve / peak_moment : 0.0; }
};

struct SaturatedMuscle {
  std::string muscle;
  int frames = 0;                 ///< frames with activation_so > kSaturatedActivation
  double first_percent = 0.0, last_percent = 0.0;  ///< gait percent of the first and last
  double peak_activation = 0.0;   ///< its largest static-optimisation activation
};

struct ActuationCheck {
  int cycle = 0;
  std::array<JointReserve, 5> joints{};
  std::vector<SaturatedMuscle> saturated;   ///< muscles that saturate, in GaitResult order
  int saturated_frames = 0;                 ///< frames where any muscle saturates
  int frames = 0;
  bool reserves_small() const;              ///< every joint's share() below kSmallReserveShare
};

/// One check per simulated cycle.
std::vector<ActuationCheck> check_actuation(const GaitResult& result);

/// Number of muscles with activation_so above kSaturatedActivation in a frame.
int saturated_muscles(const GaitFrame& frame);

/// Plain-text lines for the printed summary (two-space indented, newline-terminated).
std::string format_actuation(const ActuationCheck& check, const GaitResult& result);

/// The reserve part of actuation_flags: a joint's reserve changes by more than
/// kSmallReserveShare of the baseline's peak moment at that joint, or either run's own reserve
/// is not small (last cycle of each, aligned by gait percent).
/// With a window [from_percent, to_percent] of the cycle, only reserves inside it count.
std::vector<std::string> reserve_flags(const GaitResult& baseline, const GaitResult& scenario,
                                       double from_percent = 0.0, double to_percent = 100.0);
/// The saturation part: muscles whose saturated frames (activation_so > kSaturatedActivation)
/// differ between the runs (one saturated alike in both carries none of the change).
std::vector<std::string> saturation_flags(const GaitResult& baseline, const GaitResult& scenario);
/// Why a what-if's change may not be the muscles': reserve_flags, then saturation_flags. Empty
/// when none applies. Each flag is one sentence.
std::vector<std::string> actuation_flags(const GaitResult& baseline, const GaitResult& scenario);

}  // namespace patella
