#pragma once
/// A scenario file (YAML, strict keys: an unknown key is an error naming file, line and key, with
/// a did-you-mean). Every key, its unit, range and meaning is declared once in
/// src/io/scenario_keys.cpp; `patella scenario-keys` prints the list (scenarios/README.md holds
/// it). `extends: parent.yaml` takes every key from that scenario, then this file's keys replace
/// the parent's key by key (blocks merge as the key table says).
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "patella/session/gait_setup.hpp"
#include "patella/session/scenario.hpp"

namespace patella {


/// @throws ModelError / IoError naming file, line, key and value.
Scenario read_scenario(const std::string& path);

/// The scenario as resolved (after `extends`), as YAML: what a result was computed from.
std::string resolved_scenario_yaml(const Scenario& scenario);

/// Loads the scenario's model and gait input and applies the scenario (session/gait_setup.hpp). @throws as read_scenario and the readers.
std::unique_ptr<GaitSetup> load_gait_setup(const Scenario& scenario);

}  // namespace patella
