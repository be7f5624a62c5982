#include "patella/gait/static_optimization.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "patella/core/error.hpp"

namespace patella {
namespace {

// A point inside the bounds that meets every linear constraint: from the lower bounds, each
// broken constraint raises its positively weighted activations together (up to 1) until it holds;
// a few sweeps settle constraints that share muscles (a ratio band's two sides).
Eigen::VectorXd feasible_start(const StaticOptimizationProblem& p, const Eigen::MatrixXd& G) {
  const Eigen::Index n = static_cast<Eigen::Index>(p.lower.size());
  Eigen::VectorXd a(n);
  for (Eigen::Index m = 0; m < n; ++m) a[m] = p.lower[m];
  for (int sweep = 0; sweep < 50; ++sweep) {
    bool ok = true;
    for (Eigen::Index k = 0; k < G.rows(); ++k) {
      double short_by = -G.row(k).dot(a);
      if (short_by <= 0.0) continue;
      ok = false;
      // raise the positive side by a common step t, capped at 1, until it holds
      for (int pass = 0; pass < 8 && short_by > 0.0; ++pass) {
        double slope = 0.0;
        for (Eigen::Index m = 0; m < n; ++m)
          if (G(k, m) > 0.0 && a[m] < 1.0) slope += G(k, m);
        if (slope <= 0.0) break;
        double t = short_by / slope;
        for (Eigen::Index m = 0; m < n; ++m)
          if (G(k, m) > 0.0 && a[m] < 1.0) t = std::min(t, 1.0 - a[m]);
        for (Eigen::Index m = 0; m < n; ++m)
          if (G(k, m) > 0.0 && a[m] < 1.0) a[m] = std::min(1.0, a[m] + t);
        short_by = -G.row(k).dot(a);
      }
    }
    if (ok) return a;
  }
  for (Eigen::Index k = 0; k < G.rows(); ++k)
    if (G.row(k).dot(a) < -1e-12)
      throw SimulationError("static optimisation: the activation constraint '" +
                            p.constraints[static_cast<std::size_t>(k)].name +
                            "' cannot be met within the activation bounds");
  return a;
}

}  // namespace

StaticOptimizationResult solve_static_optimization(const StaticOptimizationProblem& p,
                                                   const std::vector<double>& warm) {
  const std::size_t n = p.active.size();
  const std::size_t nc = p.constraints.size();
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
  // linear constraints G a >= 0
  Eigen::MatrixXd G = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(nc), static_cast<Eigen::Index>(n));
  for (std::size_t k = 0; k < nc; ++k) {
    const ActivationConstraint& c = p.constraints[k];
    PATELLA_THROW_UNLESS(c.muscle.size() == c.coefficient.size());
    for (std::size_t i = 0; i < c.muscle.size(); ++i) {
      PATELLA_THROW_UNLESS(c.muscle[i] >= 0 && static_cast<std::size_t>(c.muscle[i]) < n);
      G(static_cast<Eigen::Index>(k), c.muscle[i]) += c.coefficient[i];
    }
  }
  const double w = 1.0 / (p.reserve_optimal * p.reserve_optimal);
  // primal active-set method (Nocedal & Wright 2006, Algorithm 16.3): from a feasible point,
  // step toward the minimiser over the free variables, stop at the first constraint that blocks
  // and add it to the working set; at a minimiser drop the constraint whose multiplier has the
  // wrong sign.
  // state of each activation: 0 free, -1 at lower bound, +1 at upper bound
  std::vector<int> state(n, 0);
  std::vector<bool> working(nc, false);  // linear constraints held as equalities
  Eigen::VectorXd a(n);
  for (std::size_t m = 0; m < n; ++m)
    a[m] = warm.size() == n ? std::clamp(warm[m], p.lower[m], 1.0) : p.lower[m];
  if (nc > 0 && (G * a).minCoeff() < -1e-12) a = feasible_start(p, G);
  for (std::size_t m = 0; m < n; ++m) {
    if (a[m] <= p.lower[m]) state[m] = -1;
    if (a[m] >= 1.0) state[m] = 1;
  }
  StaticOptimizationResult out;
  Eigen::VectorXd target(n);
  Eigen::Matrix<double, 5, 1> lambda;
  Eigen::VectorXd mu;  // multipliers of the working linear constraints, in `rows` order
  std::vector<int> rows;
  for (int it = 0; it < 10 * static_cast<int>(n + nc) + 50; ++it) {
    out.iterations = it + 1;
    Eigen::Matrix<double, 5, 1> fixed = Eigen::Matrix<double, 5, 1>::Zero();
    Eigen::Matrix<double, 5, 5> S = Eigen::Matrix<double, 5, 5>::Zero();
    for (std::size_t m = 0; m < n; ++m) {
      if (state[m] == 0) S += C.col(m) * C.col(m).transpose();
      else fixed += C.col(m) * a[m];
    }
    // minimiser over the free variables F: a_F = C_F^T lambda + G_WF^T mu with
    //   (C_F C_F^T + I/w) lambda + C_F G_WF^T mu = b - C_fixed a_fixed
    //    G_WF C_F^T lambda      + G_WF G_WF^T mu = -G_W,fixed a_fixed
    const Eigen::Matrix<double, 5, 5> K = S + Eigen::Matrix<double, 5, 5>::Identity() / w;
    rows.clear();
    for (std::size_t k = 0; k < nc; ++k)
      if (working[k]) rows.push_back(static_cast<int>(k));
    if (rows.empty()) {
      lambda = K.ldlt().solve(b - fixed);
      mu.resize(0);
    } else {
      const Eigen::Index r = static_cast<Eigen::Index>(rows.size());
      Eigen::MatrixXd GF = Eigen::MatrixXd::Zero(r, static_cast<Eigen::Index>(n));
      Eigen::VectorXd h = Eigen::VectorXd::Zero(r);
      for (Eigen::Index i = 0; i < r; ++i)
        for (std::size_t m = 0; m < n; ++m) {
          if (state[m] == 0) GF(i, m) = G(rows[i], m);
          else h[i] -= G(rows[i], m) * a[m];
        }
      Eigen::MatrixXd M(5 + r, 5 + r);
      const Eigen::MatrixXd CG = C * GF.transpose();
      M.topLeftCorner(5, 5) = K;
      M.topRightCorner(5, r) = CG;
      M.bottomLeftCorner(r, 5) = CG.transpose();
      M.bottomRightCorner(r, r) = GF * GF.transpose();
      Eigen::VectorXd rhs(5 + r);
      rhs.head(5) = b - fixed;
      rhs.tail(r) = h;
      // a working constraint whose free part became dependent (its muscles reached bounds)
      // makes M singular: the minimum-norm solution keeps the multipliers bounded
      const Eigen::VectorXd x = M.completeOrthogonalDecomposition().solve(rhs);
      lambda = x.head(5);
      mu = x.tail(r);
    }
    auto gradient_of_constraints = [&](std::size_t m) {  // (G_W^T mu)_m
      double s = 0.0;
      for (std::size_t i = 0; i < rows.size(); ++i) s += G(rows[i], static_cast<Eigen::Index>(m)) * mu[static_cast<Eigen::Index>(i)];
      return s;
    };
    double alpha = 1.0;
    int block = -1, block_constraint = -1;
    for (std::size_t m = 0; m < n; ++m) {
      target[m] = state[m] == 0 ? C.col(m).dot(lambda) + gradient_of_constraints(m) : a[m];
      const double d = target[m] - a[m];
      // a round-off step must not block: at a degenerate vertex (a working constraint whose
      // muscles all sit at bounds) it would fix and release the same bound forever
      if (state[m] != 0 || std::abs(d) <= 1e-10) continue;
      const double room = d < 0 ? (p.lower[m] - a[m]) / d : (1.0 - a[m]) / d;
      if (room < alpha) {
        alpha = std::max(room, 0.0);
        block = static_cast<int>(m);
      }
    }
    for (std::size_t k = 0; k < nc; ++k) {
      if (working[k]) continue;
      const double slope = G.row(static_cast<Eigen::Index>(k)).dot(target - a);
      if (slope >= -1e-10) continue;
      const double room = -G.row(static_cast<Eigen::Index>(k)).dot(a) / slope;
      if (room < alpha) {
        alpha = std::max(room, 0.0);
        block = -1;
        block_constraint = static_cast<int>(k);
      }
    }
    for (std::size_t m = 0; m < n; ++m)
      if (state[m] == 0) a[m] = std::clamp(a[m] + alpha * (target[m] - a[m]), p.lower[m], 1.0);
    if (block >= 0) {
      const bool low = target[block] < a[block] + 1e-300 && a[block] <= p.lower[block] + 1e-12;
      state[block] = low || target[block] < p.lower[block] ? -1 : 1;
      a[block] = state[block] < 0 ? p.lower[block] : 1.0;
      continue;
    }
    if (block_constraint >= 0) {
      working[block_constraint] = true;
      continue;
    }
    // at the minimiser for this working set: multipliers of the fixed variables (half the cost
    // gradient less the working constraints' part, a_m - C_m . lambda - (G_W^T mu)_m) must be
    // >= 0 at a lower bound and <= 0 at an upper one; those of the working linear constraints
    // (mu) must be >= 0
    int release = -1, release_constraint = -1;
    double release_v = 1e-9;
    for (std::size_t m = 0; m < n; ++m) {
      if (state[m] == 0) continue;
      const double g = a[m] - C.col(m).dot(lambda) - gradient_of_constraints(m);
      const double v = state[m] < 0 ? -g : g;
      if (v > release_v) {
        release_v = v;
        release = static_cast<int>(m);
      }
    }
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (-mu[static_cast<Eigen::Index>(i)] > release_v) {
        release_v = -mu[static_cast<Eigen::Index>(i)];
        release = -1;
        release_constraint = rows[i];
      }
    if (release_constraint >= 0) {
      working[release_constraint] = false;
      continue;
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
  out.constraint_active = working;
  return out;
}

}  // namespace patella
