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

/// A numeric key set over a scenario file, as a file that `extends` it would set it: its dotted
/// path as `patella scenario-keys` prints it with the name in place of `<muscle>` or `<prefix>`
/// ("muscles.vasmed_r.strength_scale", "knee.ligament_stiffness.PT") and its text as the file
/// would hold it ("85 %"). What a sweep sample changes (io/sweep_file.hpp).
struct KeyOverride {
  std::string key, value;
};

/// read_scenario(path) with the overrides applied over it (muscle edits field by field, as
/// `extends` merges). @throws as read_scenario; a key that is not numeric, or inside a list
/// (interventions), is a ModelError.
Scenario read_scenario(const std::string& path, const std::vector<KeyOverride>& overrides);

/// A numeric scenario key as the table declares it: for sweeps, which set keys by path.
struct NumericKey {
  std::string path;                 ///< the table's path ("muscles.<muscle>.strength_scale")
  std::string name;                 ///< what stands for `<...>` in the path asked for ("" if none)
  /// the units it may be written in ("1": none) and each one's range as written ('%' in percent)
  std::vector<std::string> units;
  std::vector<std::pair<double, double>> range;
  bool whole = false;               ///< a whole number
};

/// The key a dotted path names. @throws ModelError "unknown scenario key" with a did-you-mean,
/// or naming why the key cannot be set by a number.
NumericKey numeric_scenario_key(const std::string& path);

/// Whether the scenario gives that numeric key a value other than a new scenario's (a muscle's
/// taut band, a ligament's stiffness scale). @throws as numeric_scenario_key.
bool scenario_sets(const Scenario& scenario, const std::string& key);

/// The value a scenario gives a numeric key (its default when unset) in `unit` as a file writes
/// it ("%": 70 for a strength scale of 70 %; "1": a plain number). @throws as
/// numeric_scenario_key, and for a unit the key does not take.
double scenario_value(const Scenario& scenario, const std::string& key, const std::string& unit);

/// The scenario as resolved (after `extends`), as YAML: what a result was computed from.
std::string resolved_scenario_yaml(const Scenario& scenario);

/// Loads the scenario's model and gait input and applies the scenario (session/gait_setup.hpp). @throws as read_scenario and the readers.
std::unique_ptr<GaitSetup> load_gait_setup(const Scenario& scenario);

}  // namespace patella
