#pragma once
/// The force budget on the patella at one frame of a gait result, as a table a reader can check
/// by eye: which structure pushes the patella which way (mechanics/force_budget.hpp).
#include <string>
#include <vector>

#include "patella/gait/gait_simulation.hpp"

namespace patella {

/// The frame of `cycle` nearest `percent` of the cycle, or with percent < 0 the cycle's frame of
/// peak PF contact force. @throws SimulationError when the result has no frame in that cycle.
const GaitFrame& frame_for_budget(const GaitResult& result, double percent, int cycle = 0);

/// Each term's force on the patella in femur_distal_r (anterior, superior, lateral) [N], its
/// magnitude, and their sum (zero at equilibrium to the solver's tolerance).
std::string format_force_budget(const GaitResult& result, const GaitFrame& frame);

/// The force budgets of several runs side by side (their last cycles), lateral components [N]
/// with each run's change from the first: which structure carries a what-if's change in lateral
/// pull. All runs are read at the same instant: `percent` of the cycle, or with percent < 0 the
/// first run's peak-PF-force frame.
std::string format_budget_comparison(const std::vector<std::string>& names,
                                     const std::vector<const GaitResult*>& results, double percent);

/// The influence coefficients of the frame (gait/influence.hpp) as a table: mm of lateral shift,
/// degrees of lateral tilt and newtons of PF contact force per 100 N added along each line.
std::string format_influence(const Model& knee, const GaitResult& result, const GaitFrame& frame);

}  // namespace patella
