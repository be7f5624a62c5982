#include "patella/gait/static_optimization.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "patella/core/error.hpp"

namespace patella {

StaticOptimizationResult solve_static_optimization(const StaticOptimizationProblem& p,
                                                   const std::vector<double>& warm) {
  const std::size_t n = p.active.size();
  PATELLA_THROW_UNLESS(p.moment_arm.size() == n && p.passive.size() == n && p.lower.size() == n);
  // x = activations; reserves are eliminated analytically (unbounded, weight w = 1/r_opt^2):
  // minimise sum a^2 + w |res|^2, res = b - C a, C_jm = r_mj A_m, b_j = tau_j - sum r_mj P_m.
  Eigen::Matrix<double, 5, Eigen::Dynamic> C(5, n);
  Eigen::Matrix<double, 5, 1> b;
  for (int j = 0; j < 5; ++j) {
    b[j] = p.tau[j];
    for (std::size_t m = 0; m < n; ++m) {
      C(j, m) = p.moment_arm[m][j] * p.active[m];
      b[j] -= p.moment_arm[m][j] * p.passive[m];
    }
  }
  const double w = 1.0 / (p.reserve_optimal * p.reserve_optimal);
  // primal active-set method (Nocedal & Wright 2006, Algorithm 16.3): from a feasible point,
  // step toward the minimiser over the free variables, stop at the first bound that blocks and
  // fix it; at a minimiser release the fixed variable whose multiplier has the wrong sign.
  // state of each activation: 0 free, -1 at lower bound, +1 at upper bound
  std::vector<int> state(n, 0);
  Eigen::VectorXd a(n);
  for (std::size_t m = 0; m < n; ++m) {
    a[m] = warm.size() == n ? std::clamp(warm[m], p.lower[m], 1.0) : p.lower[m];
    if (a[m] <= p.lower[m]) state[m] = -1;
    if (a[m] >= 1.0) state[m] = 1;
  }
  StaticOptimizationResult out;
  Eigen::VectorXd target(n);
  for (int it = 0; it < 10 * static_cast<int>(n) + 50; ++it) {
    out.iterations = it + 1;
    Eigen::Matrix<double, 5, 1> fixed = Eigen::Matrix<double, 5, 1>::Zero();
    Eigen::Matrix<double, 5, 5> S = Eigen::Matrix<double, 5, 5>::Zero();
    for (std::size_t m = 0; m < n; ++m) {
      if (state[m] == 0) S += C.col(m) * C.col(m).transpose();
      else fixed += C.col(m) * a[m];
    }
    // minimiser over the free variables: a_F = C_F^T lambda, (C_F C_F^T + I/w) lambda = b - fixed
    const Eigen::Matrix<double, 5, 5> K = S + Eigen::Matrix<double, 5, 5>::Identity() / w;
    const Eigen::Matrix<double, 5, 1> lambda = K.ldlt().solve(b - fixed);
    double alpha = 1.0;
    int block = -1;
    for (std::size_t m = 0; m < n; ++m) {
      target[m] = state[m] == 0 ? C.col(m).dot(lambda) : a[m];
      const double d = target[m] - a[m];
      if (state[m] != 0 || d == 0.0) continue;
      const double room = d < 0 ? (p.lower[m] - a[m]) / d : (1.0 - a[m]) / d;
      if (room < alpha) {
        alpha = std::max(room, 0.0);
        block = static_cast<int>(m);
      }
    }
    for (std::size_t m = 0; m < n; ++m)
      if (state[m] == 0) a[m] += alpha * (target[m] - a[m]);
    if (block >= 0) {
      const bool low = target[block] < a[block] + 1e-300 && a[block] <= p.lower[block] + 1e-12;
      state[block] = low || target[block] < p.lower[block] ? -1 : 1;
      a[block] = state[block] < 0 ? p.lower[block] : 1.0;
      continue;
    }
    // at the minimiser for this working set: multipliers of the fixed variables (half the cost
    // gradient, a_m - C_m . lambda) must be >= 0 at a lower bound and <= 0 at an upper one
    int release = -1;
    double release_v = 1e-9;
    for (std::size_t m = 0; m < n; ++m) {
      if (state[m] == 0) continue;
      const double g = a[m] - C.col(m).dot(lambda);
      const double v = state[m] < 0 ? -g : g;
      if (v > release_v) {
        release_v = v;
        release = static_cast<int>(m);
      }
    }
    if (release >= 0) {
      state[release] = 0;
      continue;
    }
    out.converged = true;
    const Eigen::Matrix<double, 5, 1> res = b - C * a;
    for (int j = 0; j < 5; ++j) out.reserve[j] = res[j];
    break;
  }
  out.activation.assign(a.data(), a.data() + n);
  return out;
}

}  // namespace patella
