#pragma once
/// Scenario comparison: the per-cycle summaries of several runs side by side, and their curves
/// aligned by gait percent (0..100 % in 1 % steps, linear interpolation; the last simulated
/// cycle of each run, the steadiest), with every run's change from the first.
#include <string>
#include <vector>

#include "patella/gait/summary.hpp"

namespace patella {

struct ComparedMetric {
  std::string name, unit;
  std::vector<double> value;        ///< per scenario
};

struct AlignedChannel {
  std::string name, unit;
  std::vector<std::vector<double>> curve;  ///< per scenario, at gait_percent
};

struct Comparison {
  std::vector<std::string> scenarios;
  /// Whole-cycle peaks and means, then the values where the question is: at the peak-PF-force
  /// frame, the mean over loading response (foot strike to the stance peak of knee flexion) and
  /// over stance, of lateral shift and tilt, PF contact force and the lateral facet's force.
  std::vector<ComparedMetric> metrics;
  std::vector<double> gait_percent;        ///< 0..100
  std::vector<AlignedChannel> channels;
  /// Per scenario (the first's is empty): why its change from the first may not be the
  /// muscles' (gait/actuation.hpp actuation_flags).
  std::vector<std::vector<std::string>> actuation_flags;
};

/// @throws SimulationError if fewer than two results or a result without frames.
Comparison compare_results(const std::vector<std::string>& names,
                           const std::vector<const GaitResult*>& results);

/// Every metric of a comparison, in table order: name and unit.
std::vector<std::pair<std::string, std::string>> comparison_metrics();

/// The values where the runner's question is, for one run's last cycle (each with one value):
/// lateral shift and tilt at the peak-PF frame, over loading response and over stance, PF contact
/// force over loading response and stance, the lateral facet's force at the peak and over stance,
/// and the clinical shift from the trochlear groove and tilt against the posterior condylar line
/// (mechanics/clinical_alignment.hpp) at the peak and over stance.
/// peak_percent >= 0: the "peak-PF frame" is the frame nearest that gait percent instead of the
/// run's own peak. A what-if is read at its baseline's peak instant: where the PF force is flat
/// over two frames (16-17 % of the running cycle), a scenario's own peak can move one frame
/// and its shift change by 0.05 mm for that reason alone.
std::vector<ComparedMetric> question_metrics(const GaitResult& result, double peak_percent = -1.0);

/// The gait percent of the last cycle's peak-PF-force frame.
double peak_pf_percent(const GaitResult& result);

/// The part of the cycle a metric looks at in a run [gait percent, from and to], in its last
/// cycle: the peak-PF frame (or the frame nearest peak_percent, as question_metrics), loading
/// response or stance; for a whole-cycle peak, the frame where it falls; for a whole-cycle mean,
/// the whole cycle.
std::pair<double, double> metric_window(const GaitResult& result, const std::string& metric,
                                        double peak_percent = -1.0);

/// The smallest change of a metric in `unit` that matters (docs/claims.md): for positions (mm)
/// and angles (deg) the larger of a quarter of the healthy between-subject SD (lateral shift
/// 2.3 mm, tilt 3.4 deg at 30 deg: von Eisenhart-Rothe et al. 2004) and what in vivo imaging
/// resolves during gait (mobile biplane X-ray against implanted beads, RMS 0.37 mm and 1.15 deg:
/// Gray, Guan & Pandy 2017, J Biomech 57:152; Bey et al. 2008, J Orthop Surg Res 3:38: < 0.395
/// mm, < 0.863 deg); for forces and pressures a quarter of the PF force's SD, relative (1.5 of
/// 4.5 BW, Roos et al. 2012: 8.3 %).
struct SmallestChange {
  double value;   ///< in the unit, or a fraction when relative
  bool relative;
};
SmallestChange smallest_change(const std::string& unit);

/// Whether a metric's change is also given in percent: forces, pressures and shares are;
/// positions (mm) and angles (deg) are not, since a percent of a position means nothing.
bool change_in_percent(const std::string& unit);

/// The table of changes from the first scenario, as text.
std::string format_comparison(const Comparison& comparison);

}  // namespace patella
