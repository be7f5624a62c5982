#pragma once
/// A sweep file (YAML, strict keys as a scenario's): which scenario runs, which of its keys vary
/// with what distribution, the design that places the samples, and the metrics collected.
/// `patella sweep --help` and scenarios/sweeps/README.md document every key.
#include <cstdint>
#include <string>
#include <vector>

#include "patella/core/distributions.hpp"
#include "patella/io/scenario.hpp"

namespace patella {

/// One varied scenario key. Its distribution is in `unit`, one of the key's units as a scenario
/// file writes it ("%", "deg", "mm"; "1": a plain number), so a sample's value is set on the
/// scenario as the text "<value> <unit>".
struct SweepParameter {
  std::string key;              ///< dotted scenario key path ("muscles.vasmed_r.strength_scale")
  std::string unit;
  Distribution distribution;    ///< in `unit`; truncated within the key's range
  std::string source;           ///< where the range comes from (required)
  /// true: set only in runs whose scenario itself sets the key (a taut band's size varies where
  /// a scenario has the band, and is not added to its baseline); false: in every run.
  bool where_set = false;
  /// How a sample's value x meets the value v the run's scenario gives the key (its default
  /// when the scenario does not set it), both in `unit`: Replace sets x; Multiply sets v x (x a
  /// factor: '%' or plain-number keys only, so 110 % on a 70 % weakness gives 77 %); Add sets
  /// v + x (an offset on the scenario's own).
  enum class Combine { Replace, Multiply, Add } combine = Combine::Replace;
  std::string where;            ///< file:line:column, for messages
};

/// Designs (core/latin_hypercube.hpp, core/sobol_indices.hpp, core/morris_screening.hpp).
enum class SweepDesign { LatinHypercube, Sobol, Morris, Grid };

struct SweepSpec {
  std::string file;             ///< the sweep file
  std::string name;             ///< names the output files
  std::string description;
  std::string scenario;         ///< resolved path of the scenario each sample runs
  std::string baseline;         ///< resolved; empty: none. With it, metrics are also changes
  /// Or, instead of a scenario: a claims file (io/claims_file.hpp), resolved. Each sample runs
  /// every claim's scenario and baseline under each control and gives each claim's change.
  std::string claims;
  /// control hypotheses each run is simulated under (PHYSICS.md 7); empty: the scenario's own
  /// (with claims: all three)
  std::vector<std::string> controls;
  SweepDesign design = SweepDesign::LatinHypercube;
  /// LatinHypercube: the samples; Sobol: the base samples N (N (k + 2) runs of the design);
  /// Morris: the trajectories r (r (k + 1) runs); Grid: unused (levels^k runs)
  int samples = 0;
  int levels = 0;               ///< Morris (even, >= 2) and Grid (>= 2): values per parameter
  std::uint64_t seed = 1;
  int bootstrap = 0;            ///< Sobol: resamplings for the confidence intervals
  std::vector<std::string> metrics;     ///< names as `patella compare` gives them (not with claims)
  std::vector<SweepParameter> parameters;
};

/// The names of the designs as the file writes them.
const char* design_name(SweepDesign design);

/// @throws ModelError / IoError naming file, line, key and value (unknown keys, metrics and
/// scenario keys with a did-you-mean; a unit the key does not take; a distribution reaching
/// outside the key's range).
SweepSpec read_sweep(const std::string& path);

/// A parameter's value as a scenario override ("<value> <unit>", 17 significant digits so it
/// reads back to the same double), combined with the value the scenario gives the key.
/// @throws ModelError when the combined value leaves the key's range.
KeyOverride override_of(const SweepParameter& parameter, double value, const Scenario& scenario);

}  // namespace patella
