#pragma once
/// What a result was computed from, as attributes for its files.
#include <string>
#include <utility>
#include <vector>

#include "patella/session/scenario.hpp"

namespace patella {

/// Provenance attributes for result files: software version and git commit, UTC date, command
/// line, the resolved scenario YAML (io/scenario.hpp resolved_scenario_yaml) and the SHA-256 of the model and input files.
std::vector<std::pair<std::string, std::string>> provenance(const Scenario& scenario,
                                                            const std::string& command,
                                                            const std::string& git_commit,
                                                            const std::string& resolved_yaml);

/// The same for a knee sweep (patella knee): software, git commit, UTC date, command line, the
/// model folder and the SHA-256 of its files.
std::vector<std::pair<std::string, std::string>> knee_provenance(const std::string& model_dir,
                                                                 const std::string& command,
                                                                 const std::string& git_commit);

}  // namespace patella
