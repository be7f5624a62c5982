// Static optimisation: the minimiser of sum a^2 + sum reserve^2 under the moment balance and the
// activation bounds.
#include <catch2/catch.hpp>

#include "patella/gait/static_optimization.hpp"
#include "support/code_case.hpp"

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
  // validation::verify_static_optimization_kkt and _balance (docs/verification.md): 50 seeded
  // random problems of 30 muscles; stationarity, bounds and the moment balance
  const validation::CodeCase kkt = validation::verify_static_optimization_kkt();
  const validation::CodeCase balance = validation::verify_static_optimization_balance();
  test::check_code_case(kkt);
  test::check_code_case(balance);
  CHECK(kkt.coverage.at("converged problems") == 50);
  // both kinds of activation were met, so both branches of the conditions were checked
  CHECK(kkt.coverage.at("free activations") > 100);
  CHECK(kkt.coverage.at("activations at a bound") > 100);
}
