#pragma once
/// Per-cycle summary of a gait simulation: peak, where it falls (% of the cycle) and mean of the
/// channels a clinician or researcher reads first.
#include <string>
#include <vector>

#include "patella/gait/gait_simulation.hpp"

namespace patella {

struct SummaryLine {
  std::string channel, unit;
  double peak = 0.0, peak_percent = 0.0, mean = 0.0, min = 0.0, min_percent = 0.0;
};

struct CycleSummary {
  int cycle = 0;
  std::vector<SummaryLine> lines;
  double knee_flexion_at_peak_force_deg = 0.0;
  double peak_force_bw = 0.0;
  std::array<double, 5> max_abs_reserve{};       ///< [N m]
  std::array<double, 5> max_abs_id{};            ///< [N m]
  int unconverged = 0;
};

std::vector<CycleSummary> summarize_gait(const GaitResult& result);

/// Plain-text table of the summaries.
std::string format_summary(const std::vector<CycleSummary>& summaries, const GaitResult& result);

}  // namespace patella
