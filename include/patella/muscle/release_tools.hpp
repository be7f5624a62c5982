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
/// 1 - r). Sessions and duration do not add up: no dose-response was measured, so each session's
/// acute effect fades as above and only the time since the last one counts. A `hypothetical`
/// intervention may set its own release instead; its results say so.
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

}  // namespace patella
