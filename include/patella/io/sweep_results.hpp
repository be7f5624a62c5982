#pragma once
/// A finished sweep as plain data (filled by study/sweep_analysis.hpp) and its HDF5 file
/// (docs/hdf5-schema.md, "Sweep files"). The file holds no time, host or thread count, so the
/// same sweep with the same seed writes the same bytes however it was run (threads or MPI ranks).
#include <cstdint>
#include <string>
#include <vector>

namespace patella {

struct SweepOutputStats {
  std::string name;        ///< "lateral shift at peak PF"
  std::string unit;
  std::string run;         ///< its group: "scenario, compensated", "change, compensated", "claim 3, compensated"
  int claim = -1;          ///< with a claims file: the claim's index (0-based), else -1
  std::string control;     ///< the control hypothesis of its runs
  std::vector<double> value;  ///< per sample (NaN where the sample failed or it is not defined)
  std::size_t used = 0;    ///< samples with a finite value
  double low = 0, median = 0, high = 0;  ///< 5 %, 50 %, 95 % over those (NaN without any)
  /// Sobol (sobol design): first-order and total indices with 95 % bootstrap intervals, from the
  /// base rows whose every run succeeded with finite values (`sobol_rows` of them).
  std::vector<double> first, first_low, first_high, total, total_low, total_high;
  std::size_t sobol_rows = 0;
  /// Morris (morris design): mean, mean of |elementary effect| and its spread, per parameter,
  /// in the output's unit per unit of [0, 1] (the parameter's whole range, from its lowest to its
  /// highest level), from `morris_trajectories` whole trajectories.
  std::vector<double> mu, mu_star, sigma;
  std::size_t morris_trajectories = 0;
};

struct SweepBand {
  std::string run, channel, unit;
  std::vector<double> curves;      ///< samples x points (NaN rows: failed samples)
  std::vector<double> low, median, high;  ///< 5 %, 50 %, 95 % at each point over the samples that ran
};

struct SweepResults {
  std::string name, description, design;
  std::uint64_t seed = 0;
  int base_samples = 0, levels = 0, bootstrap = 0;
  std::string version;             ///< the program that computed it
  std::string sweep_yaml;          ///< the sweep file's text
  std::vector<std::string> keys, units, distributions, sources, combine;  ///< per parameter
  /// per run: label, scenario file, control, and the scenario resolved (as `patella run` records it)
  std::vector<std::string> runs, run_files, run_controls, run_yaml;
  /// with a claims file, per claim: its text, scenario, baseline, metric and asserted direction
  std::vector<std::string> claim_text, claim_scenario, claim_baseline, claim_metric, claim_expected;
  std::size_t samples = 0;
  std::vector<double> u, values;   ///< samples x parameters
  std::vector<int> failed;         ///< per sample: 1 failed
  std::vector<std::string> errors; ///< per sample ("" when it ran)
  std::vector<int> unconverged;    ///< per sample: frames whose equilibrium did not converge
  std::vector<double> gait_percent;
  std::vector<SweepOutputStats> outputs;
  std::vector<SweepBand> bands;
};

/// Writes the file whole or not at all (a temporary file renamed). @throws IoError naming path.
void write_sweep_hdf5(const std::string& path, const SweepResults& results);

/// Reads back what `patella claims --uncertainty` and `patella render` need: the sweep's name,
/// design, program, sample count and failures, parameters (keys, sources), claims, every output
/// with its range and indices, and the bands (not the per-sample values or curves).
/// @throws IoError naming the path and what is missing, for a file that is not a sweep's.
SweepResults read_sweep_summary(const std::string& path);

/// Whether path is an HDF5 file `patella sweep` wrote (never throws).
bool is_sweep_file(const std::string& path);

}  // namespace patella
