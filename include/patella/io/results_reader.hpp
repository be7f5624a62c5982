#pragma once
/// Reads gait results back from the HDF5 files `patella run` and `patella compare` write
/// (docs/hdf5-schema.md): what pictures, ParaView exports and replays need. No simulation.
#include <map>
#include <string>
#include <vector>

#include "patella/session/recorded_run.hpp"

namespace patella {

/// The runs in a results file: a `patella run` file holds one (/gait), a `patella compare` file
/// one per scenario (/scenarios/<name>). `only` picks scenarios by name (all when empty).
/// @throws IoError naming the file and what is missing or unknown (with the names it has).
std::vector<RecordedRun> read_recorded_runs(const std::string& h5_path,
                                            const std::vector<std::string>& only = {});

}  // namespace patella
