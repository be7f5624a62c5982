#pragma once
/// Static optimisation (OpenSim's StaticOptimization, Anderson & Pandy 2001): at one instant find
/// the activations a (minimum_activation <= a <= 1) and reserve moments that minimise
///   sum_m a_m^2 + sum_j (reserve_j / reserve_optimal)^2
/// subject to the moment balance at each driven coordinate j,
///   sum_m r_mj (a_m A_m + P_m) + reserve_j = tau_j          (tau from inverse dynamics),
/// and to optional linear inequalities on the activations, sum_m c_km a_m >= 0 (the EMG-constrained
/// control hypothesis: activation ratios held in a measured band, a co-contraction floor).
/// A reserve "actuator" of optimal moment 1 N m (OpenSim's common choice) makes unexplained
/// moments costly, so they appear only where the muscles cannot supply the moment.
/// Solved exactly: a primal active-set method (Nocedal & Wright 2006, Algorithm 16.3) on the bound
/// and linear constraints; each equality-constrained sub-problem by its (5 + k)x(5 + k) KKT
/// system, k the linear constraints in the working set.
#include <array>
#include <string>
#include <vector>

namespace patella {

/// sum_i coefficient[i] * a[muscle[i]] >= 0.
struct ActivationConstraint {
  std::string name;                               ///< for messages, e.g. "VM:VL >= 0.8"
  std::vector<int> muscle;
  std::vector<double> coefficient;
};

struct StaticOptimizationProblem {
  std::vector<std::array<double, 5>> moment_arm;  ///< [m], per muscle, per driven coordinate
  std::vector<double> active;                     ///< A [N per unit activation]
  std::vector<double> passive;                    ///< P [N]
  std::vector<double> lower;                      ///< activation lower bound [-]
  std::array<double, 5> tau{};                    ///< net moments to explain [N m]
  double reserve_optimal = 1.0;                   ///< [N m]
  std::vector<ActivationConstraint> constraints;  ///< linear inequalities (may be empty)
};

struct StaticOptimizationResult {
  std::vector<double> activation;                 ///< [-]
  std::array<double, 5> reserve{};                ///< [N m]
  std::vector<bool> constraint_active;            ///< per constraint: in the final working set
  int iterations = 0;
  bool converged = false;
};

/// warm: previous activations (may be empty); speeds up the active set. A warm start that breaks
/// a linear constraint is replaced by a feasible point built from the lower bounds.
/// @throws SimulationError when the linear constraints cannot be met within the bounds.
StaticOptimizationResult solve_static_optimization(const StaticOptimizationProblem& problem,
                                                   const std::vector<double>& warm = {});

}  // namespace patella
