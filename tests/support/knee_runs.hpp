#pragma once
/// Small helpers shared by the equilibrium and direction tests on a compiled knee.
#include <vector>

#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"

namespace patella::test {

/// 500 N of quadriceps split by PCSA (vaslat 40, vasmed 25, vasint and recfem 17.5 %), a split
/// muscle's heads sharing its part by F0 (mechanics/quadriceps_loads.hpp).
inline KneeLoads standard_loads(const Model& model) {
  KneeLoads loads;
  loads.quadriceps = quadriceps_split(model, 500.0);
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
