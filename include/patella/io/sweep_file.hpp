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
  /// control hypotheses each run is simulated under (PHYSICS.md 7); empty: the scenario's own
  std::vector<std::string> controls;
  SweepDesign design = SweepDesign::LatinHypercube;
  /// LatinHypercube: the samples; Sobol: the base samples N (N (k + 2) runs of the design);
  /// Morris: the trajectories r (r (k + 1) runs); Grid: unused (levels^k runs)
  int samples = 0;
  int levels = 0;               ///< Morris (even, >= 2) and Grid (>= 2): values per parameter
  std::uint64_t seed = 1;
  int bootstrap = 0;            ///< Sobol: resamplings for the confidence intervals
  std::vector<std::string> metrics;     ///< names as `patella compare` gives them
  std::vector<SweepParameter> parameters;
};

/// The names of the designs as the file writes them.
const char* design_name(SweepDesign design);

/// @throws ModelError / IoError naming file, line, key and value (unknown keys, metrics and
/// scenario keys with a did-you-mean; a unit the key does not take; a distribution reaching
/// outside the key's range).
SweepSpec read_sweep(const std::string& path);

/// A parameter's value as a scenario override ("<value> <unit>", 17 significant digits so it
/// reads back to the same double).
KeyOverride override_of(const SweepParameter& parameter, double value);

}  // namespace patella
