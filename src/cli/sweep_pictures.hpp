#pragma once
// A sweep's pictures (patella sweep --png): the tracking charts with their 5-95 % bands, and a
// tornado chart of the sensitivity indices.
#include <string>
#include <vector>

#include "patella/io/sweep_results.hpp"

namespace patella::cli {

/// Writes DIR/<name>_bands.png (a sweep of a scenario: lateral shift, tilt and PF force of the
/// scenario and its baseline under the first control, median and band) and DIR/<name>_tornado.png
/// (Sobol' or Morris designs: each output's indices per parameter); returns the files written.
std::vector<std::string> draw_sweep_pictures(const SweepResults& results, const std::string& dir);

}  // namespace patella::cli
