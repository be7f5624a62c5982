#pragma once
/// Small helpers shared by the equilibrium and direction tests on a compiled knee.
#include <vector>

#include "patella/mechanics/sweep.hpp"

namespace patella::test {

/// 500 N of quadriceps split 40/25/17.5/17.5 % in KneeNames order (vaslat, vasmed, vasint,
/// recfem).
inline KneeLoads standard_loads() {
  KneeLoads loads;
  loads.quadriceps = {200.0, 125.0, 87.5, 87.5};
  return loads;
}

/// The equilibrium at one knee flexion [deg], reached by run_sweep's continuation from the
/// model's default patella pose (so every caller gets the same, reproducible branch).
inline SweepRow solve_at(const Model& model, double knee_deg, const KneeLoads& loads,
                         const KneePose& pose = KneePose{}, double stability_shift = 0.0) {
  SweepOptions options;
  options.flexion = {deg_to_rad(knee_deg)};
  options.pose = pose;
  options.loads = loads;
  options.stability_shift = stability_shift;
  return run_sweep(model, options).front();
}

}  // namespace patella::test
