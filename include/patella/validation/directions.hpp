#pragma once
/// Section C: directions (VALIDATION.md section C): which way the patella moves when one input
/// changes, at 500 N quadriceps (PCSA split) unless stated.
#include <array>
#include <string>
#include <vector>

#include "patella/model/model.hpp"

namespace patella::validation {

struct Directions {
  std::array<double, 4> push_shift_mm{};  ///< pf_tz at 30 deg under a lateral push of 0/20/40/80 N
  bool push_holds = false;                ///< rises with the push
  struct VastusMedialisRemoved {
    std::string muscle;                                          ///< vmo_r, or vasmed_r whole
    double knee_deg, shift_mm, lateral_tilt_deg, lateral_share;  ///< changes when unloaded
    bool holds;                                                  ///< all > 0
  };
  /// At 175 N (the cadaver rigs' load, five-head split): the VMO unloaded at 0, 15, 30 deg, and
  /// the whole vastus medialis at 0, 15, 30 deg.
  std::vector<VastusMedialisRemoved> vastus_medialis;
  struct ItbTension {
    double knee_deg;
    double lateral_0, lateral_90, medial_0, medial_90;  ///< push for 10 mm [N], ITB 0 / 90 N
    bool lateral_holds, medial_holds;  ///< lateral falls; medial rises
  };
  std::vector<ItbTension> itb;  ///< at 30, 45, 60, 90 deg, 175 N (Merican, Iranpour & Amis 2009)
  struct QAngle {
    double knee_deg;
    double quadriceps_line_shift_mm;  ///< quadriceps line +10 deg
    double femur_rotation_shift_mm;   ///< femur 10 deg internally rotated
    bool holds;                       ///< both > 0 (Mizuno 2001)
  };
  std::vector<QAngle> q_angle;  ///< at 20, 40, 60 deg
};

Directions validate_directions(const Model& model);

/// The C text; step_rate_holds comes from the gait cycle (section D2).
std::string directions_markdown(const Directions& result, bool step_rate_holds);

}  // namespace patella::validation
