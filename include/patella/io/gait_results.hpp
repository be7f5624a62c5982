#pragma once
/// Gait-cycle results as channels with units and descriptions: CSV (the columns first,
/// then every muscle force, then the rest) and HDF5 (group /gait, one dataset per channel with
/// "units" and "description" attributes, plus the patella poses).
#include <string>
#include <utility>
#include <vector>

#include "patella/gait/compare.hpp"
#include "patella/gait/gait_simulation.hpp"
#include "patella/io/results_writer.hpp"

namespace patella {

ColumnTable make_gait_table(const GaitResult& result);

/// Atomic (temp file + rename). A non-empty `protocol` table (a treatment protocol's course over
/// days) goes to /protocol. @throws IoError.
void write_gait_hdf5(const std::string& path, const ColumnTable& table, const GaitResult& result,
                     const std::vector<std::pair<std::string, std::string>>& attributes,
                     const ColumnTable& protocol = {});

/// OpenSim Storage files next to `base` (atomic each), all in the trial's own time base
/// (GaitResult::time_offset added): <base>_forces.sto (tendon force of every muscle [N] and the
/// reserve moments <coordinate>_reserve [N m], as OpenSim's StaticOptimization writes),
/// <base>_activations.sto, <base>_kinematics.mot (the leg's and the patella's coordinates,
/// degrees and metres, loadable as a motion of lenhart2015.osim in the OpenSim GUI),
/// <base>_grf.mot (the ground reaction on calcn_r: force, point and free torque in ground) and
/// <base>_external_loads.xml (an OpenSim ExternalLoads applying it). Returns the files written.
std::vector<std::string> write_gait_sto(const std::string& base, const GaitResult& result,
                                        const Model& model);

/// A comparison: `<path>.h5` holds every scenario's channels under /scenarios/<name> (units and
/// descriptions as write_gait_hdf5) and /comparison (gait_percent, each aligned channel per
/// scenario, the summary metrics); `<changes_csv>` holds gait_percent and, for every scenario after
/// the first, each aligned channel's change from the first. Both atomic.
void write_comparison(const std::string& h5_path, const std::string& changes_csv,
                      const Comparison& comparison, const std::vector<const GaitResult*>& results,
                      const std::vector<std::pair<std::string, std::string>>& attributes,
                      const std::vector<std::vector<std::pair<std::string, std::string>>>&
                          per_scenario = {});

}  // namespace patella
