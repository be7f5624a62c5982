#pragma once
#include <array>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace patella::cli {

/// Three curves per run over the gait cycle, for a three-panel figure.
struct GaitSeries {
  std::string name;
  std::vector<double> x, pf_bw, shift_mm, tilt_deg;  ///< panels 1, 2, 3
};
/// file, the three panels' titles (with units), the series.
using GaitFigure = std::function<void(const std::string& file,
                                      const std::array<std::string, 3>& panel_titles,
                                      const std::vector<GaitSeries>& series)>;

/// A number with a fixed count of decimals, for the report's tables.
std::string format_fixed(double value, int digits = 2);

/// Writes section D of docs/validation.md; returns whether a higher step rate lowered peak knee
/// flexion and peak PF force. figure may be empty (no display).
bool validate_gait(std::ostream& md, const std::string& scenarios_dir, const GaitFigure& figure);

}  // namespace patella::cli
