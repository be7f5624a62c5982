#pragma once
// Morris screening (Morris 1991, "Factorial sampling plans for preliminary computational
// experiments", Technometrics 33:161-174): r trajectories of k + 1 points on a grid of p levels
// in [0, 1]^k, each step moving one parameter by delta = p / (2 (p - 1)); the elementary effect
// of parameter i is (f(after) - f(before)) / (+-delta). Summarised by mu, mu* (the mean of
// |EE|, Campolongo, Cariboni and Saltelli 2007) and sigma (their spread: interactions or
// non-linearity).
#include <cstdint>
#include <vector>

namespace patella {

struct MorrisDesign {
  int parameters = 0, trajectories = 0, levels = 0;
  double delta = 0.0;
  /// r (k + 1) points row by row, trajectory by trajectory (point s of trajectory t at row
  /// t (k + 1) + s)
  std::vector<double> points;
  /// per trajectory and step (t k + s): the parameter step s moves, and by +delta or -delta
  std::vector<int> moved;
  std::vector<double> step;
};

/// A design of r trajectories over k parameters on p levels (p even, >= 2): each trajectory
/// starts on a random grid point and moves every parameter once, in a random order, up by delta
/// where that stays within [0, 1] and down otherwise. The seed reproduces it on every machine.
/// Throws std::invalid_argument for k < 1, r < 1 or an odd or too small p.
MorrisDesign morris_design(int k, int r, int p, std::uint64_t seed);

struct MorrisEffects {
  std::vector<double> mu, mu_star, sigma;  ///< per parameter, in the output's units per unit of [0, 1]
};

/// The elementary effects' statistics from the outputs f at design.points (one per point, in
/// order); sigma is the sample standard deviation over the r effects (0 for r = 1). Throws
/// std::invalid_argument on a size mismatch or a non-finite output.
MorrisEffects morris_effects(const MorrisDesign& design, const std::vector<double>& f);

}  // namespace patella
