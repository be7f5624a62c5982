#pragma once
/// Static optimisation (OpenSim's StaticOptimization, Anderson & Pandy 2001): at one instant find
/// the activations a (minimum_activation <= a <= 1) and reserve moments that minimise
///   sum_m a_m^2 + sum_j (reserve_j / reserve_optimal)^2
/// subject to the moment balance at each driven coordinate j,
///   sum_m r_mj (a_m A_m + P_m) + reserve_j = tau_j          (tau from inverse dynamics).
/// A reserve "actuator" of optimal moment 1 N m (OpenSim's common choice) makes unexplained
/// moments costly, so they appear only where the muscles cannot supply the moment.
/// Solved exactly: a primal active-set method on the bound constraints, the equality-constrained
/// sub-problems by their 5x5 normal equations.
#include <array>
#include <vector>

namespace patella {

struct StaticOptimizationProblem {
  std::vector<std::array<double, 5>> moment_arm;  ///< [m], per muscle, per driven coordinate
  std::vector<double> active;                     ///< A [N per unit activation]
  std::vector<double> passive;                    ///< P [N]
  std::vector<double> lower;                      ///< activation lower bound [-]
  std::array<double, 5> tau{};                    ///< net moments to explain [N m]
  double reserve_optimal = 1.0;                   ///< [N m]
};

struct StaticOptimizationResult {
  std::vector<double> activation;                 ///< [-]
  std::array<double, 5> reserve{};                ///< [N m]
  int iterations = 0;
  bool converged = false;
};

/// warm: previous activations (may be empty); speeds up the active set.
StaticOptimizationResult solve_static_optimization(const StaticOptimizationProblem& problem,
                                                   const std::vector<double>& warm = {});

}  // namespace patella
