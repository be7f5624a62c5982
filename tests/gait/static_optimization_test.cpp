// Static optimisation: the minimiser of sum a^2 + sum reserve^2 under the moment balance and the
// activation bounds.
#include <catch2/catch.hpp>

#include <random>

#include "patella/gait/static_optimization.hpp"

using namespace patella;

namespace {
StaticOptimizationProblem one_dof(int muscles, double tau, double arm, double A) {
  StaticOptimizationProblem p;
  for (int m = 0; m < muscles; ++m) {
    std::array<double, 5> r{};
    r[3] = arm;
    p.moment_arm.push_back(r);
    p.active.push_back(A);
    p.passive.push_back(0.0);
    p.lower.push_back(0.0);
  }
  p.tau[3] = tau;
  return p;
}
}  // namespace

TEST_CASE("Static optimisation: identical muscles share the moment equally", "[gait]") {
  const auto p = one_dof(3, 60.0, 0.04, 1000.0);  // 60 N m from three 1 kN, 4 cm muscles
  const auto r = solve_static_optimization(p);
  REQUIRE(r.converged);
  // the reserve costs (res/1 N m)^2, so it takes a tiny share: a = tau / (n r A + 1/(r A))
  const double a = 60.0 / (3 * 40.0 + 1.0 / 40.0);
  for (double ai : r.activation) CHECK(ai == Approx(a).epsilon(1e-9));
  CHECK(r.reserve[3] == Approx(60.0 - 3 * 40.0 * a).epsilon(1e-6));
}

TEST_CASE("Static optimisation: saturated muscles leave the rest to the reserve", "[gait]") {
  const auto p = one_dof(2, 200.0, 0.04, 1000.0);  // at most 80 N m from the muscles
  const auto r = solve_static_optimization(p);
  REQUIRE(r.converged);
  for (double ai : r.activation) CHECK(ai == Approx(1.0));
  CHECK(r.reserve[3] == Approx(120.0).epsilon(1e-9));
}

TEST_CASE("Static optimisation: KKT conditions hold on random five-joint problems", "[gait]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> arm(-0.06, 0.06), A(200, 3000), tau(-150, 150),
      P(0, 100);
  for (int trial = 0; trial < 50; ++trial) {
    StaticOptimizationProblem p;
    const int n = 30;
    for (int m = 0; m < n; ++m) {
      std::array<double, 5> r;
      for (double& x : r) x = arm(rng);
      p.moment_arm.push_back(r);
      p.active.push_back(A(rng));
      p.passive.push_back(P(rng));
      p.lower.push_back(0.01);
    }
    for (double& t : p.tau) t = tau(rng);
    const auto s = solve_static_optimization(p);
    REQUIRE(s.converged);
    // lambda = reserve (w = 1); gradient of the cost per activation: a - C_m . lambda
    for (int m = 0; m < n; ++m) {
      double cl = 0;
      for (int j = 0; j < 5; ++j) cl += p.moment_arm[m][j] * p.active[m] * s.reserve[j];
      const double g = s.activation[m] - cl;
      const double a = s.activation[m];
      CHECK(a >= 0.01 - 1e-12);
      CHECK(a <= 1.0 + 1e-12);
      if (a > 0.01 + 1e-9 && a < 1.0 - 1e-9) CHECK(std::abs(g) < 1e-7);
      if (a <= 0.01 + 1e-9) CHECK(g > -1e-7);
      if (a >= 1.0 - 1e-9) CHECK(g < 1e-7);
    }
    // the moment balance closes with the reserves
    for (int j = 0; j < 5; ++j) {
      double M = s.reserve[j];
      for (int m = 0; m < n; ++m)
        M += p.moment_arm[m][j] * (s.activation[m] * p.active[m] + p.passive[m]);
      CHECK(M == Approx(p.tau[j]).margin(1e-8));
    }
  }
}
