#pragma once
/// Self-treatment tools and what they release (PHYSICS.md 8), bounded by the literature:
///
/// | tool | measured acute effect | source | release r (assumed = the measured relative stiffness drop) |
/// |---|---|---|---|
/// | massage_stick | massage: -5.2 % stiffness, gone within 3 min | Eriksson Crommert et al. 2015 | 0.052, fading linearly to 0 at 3 min |
/// | massage_ball, cane | ischemic compression: -11.8 % stiffness | Kisilewicz et al. 2018 | 0.118, fading linearly to 0 at 30 min (the upper end of "minutes to 30 minutes", PHYSICS.md 8) |
/// | foam_roller | no pooled stiffness change (ROM gains are stretch tolerance) | Glanzel et al. 2023; Wilke et al. 2020 | 0 |
/// | percussion, floss_band | no stiffness measurement found | - | 0 |
///
/// The release applies to the treated muscle's taut band (its fraction and contracture scale by
/// 1 - r). Sessions and duration do not add up: no dose-response was measured (foam rolling
/// 2x1 vs 2x3 min: -1.6 vs -1.9 % myotonometric stiffness, no dose interaction, Schroeder, Wilke
/// & Hollander 2021; 30-300 s: no shear-modulus change at 2 or 30 min, Nakamura et al. 2021), and
/// no study of repeated sessions over weeks measured stiffness (a 2-week roller-massage programme
/// raised range of motion, Frontiers in Sports 2022, which is stretch tolerance, Wilke 2020). So
/// each session's acute effect fades as above and only the time since the last one counts, also
/// in a protocol over days. A `hypothetical` intervention may set its own release instead; its
/// results say so.
#include <string>
#include <vector>

namespace patella {

struct ReleaseEstimate {
  double release = 0.0;        ///< r [-]
  std::string basis;           ///< the measurement and source behind it
};

/// The tools known, in the order above.
const std::vector<std::string>& release_tools();

/// Literature-bounded release of a tool `minutes_since` after the last session.
/// @throws std::invalid_argument for an unknown tool (callers check names first).
ReleaseEstimate tool_release(const std::string& tool, double minutes_since);

/// A treatment schedule over days: `per_day` sessions a day, evenly spaced (every 24 h / per_day),
/// for `days` days, the first at t = 0.
struct TreatmentProtocol {
  int days = 0;
  int per_day = 0;
};

/// Start times of every session of a protocol [min], increasing.
std::vector<double> session_times(const TreatmentProtocol& protocol);

/// The literature-bounded release at time t [min] of a tool used in sessions that ended at
/// `session_ends` [min, increasing]: the last session ended at or before t counts (sessions do
/// not add up, see above); 0 before the first has ended.
double release_over_protocol(const std::string& tool, const std::vector<double>& session_ends,
                             double t);

}  // namespace patella
