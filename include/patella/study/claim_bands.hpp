#pragma once
/// A claim's verdict under uncertainty (`patella claims --uncertainty`): its change's 5-95 %
/// band from a sweep over the claims (study/sweep_run.hpp), the verdict the whole band gives,
/// and the parameters that drive it.
#include <string>

#include "patella/io/claims_file.hpp"
#include "patella/io/sweep_results.hpp"

namespace patella {

/// The output of a claims sweep for a claim (matched by its text, scenario, baseline and metric,
/// so a claims file edited since the sweep gets no stale band) under a control; nullptr when the
/// sweep holds none.
const SweepOutputStats* claim_band(const SweepResults& sweep, const Claim& claim, const std::string& control);

/// What the whole band [low, high] of a change says, with the smallest change that matters in
/// `unit` (gait/compare.hpp smallest_change; a relative one taken of `baseline`): "supported" or
/// "contradicted" when the whole band lies beyond it in the claimed direction or the other,
/// "too small to matter" when it lies within it, "uncertain" when it reaches across it, "not
/// defined" without a finite band.
std::string band_verdict(double baseline, double low, double high, const std::string& unit,
                         const std::string& expected);

/// The `top` parameters that drive an output most: by total Sobol' index with its 95 % interval,
/// or by Morris' mu* (per range, in the output's unit); "" when the design gives no indices.
std::string driver_text(const SweepResults& sweep, const SweepOutputStats& output, int top = 2);

}  // namespace patella
