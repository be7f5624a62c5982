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

TEST_CASE("Static optimisation: a ratio constraint binds with its known minimiser", "[gait]") {
  // two identical muscles share the moment equally; a0 >= 2 a1 forces a0 = 2t, a1 = t, and
  // minimising 5 t^2 + (b - 3 c t)^2 (c = r A, reserve weight 1) gives t = 3 c b / (5 + 9 c^2)
  auto p = one_dof(2, 30.0, 0.04, 1000.0);
  p.constraints.push_back({"a0 >= 2 a1", {0, 1}, {1.0, -2.0}});
  const auto r = solve_static_optimization(p);
  REQUIRE(r.converged);
  const double c = 40.0, t = 3 * c * 30.0 / (5 + 9 * c * c);
  CHECK(r.activation[0] == Approx(2 * t).epsilon(1e-9));
  CHECK(r.activation[1] == Approx(t).epsilon(1e-9));
  CHECK(r.constraint_active[0]);
  // the same from a warm start that breaks the constraint (a1 > a0)
  const auto w = solve_static_optimization(p, {0.1, 0.6});
  REQUIRE(w.converged);
  CHECK(w.activation[0] == Approx(2 * t).epsilon(1e-9));
  CHECK(w.activation[1] == Approx(t).epsilon(1e-9));
}

TEST_CASE("Static optimisation: a constraint the minimiser meets changes nothing", "[gait]") {
  auto p = one_dof(3, 60.0, 0.04, 1000.0);
  const auto free = solve_static_optimization(p);
  p.constraints.push_back({"a0 >= 0.5 a2", {0, 2}, {1.0, -0.5}});
  p.constraints.push_back({"a1 >= 0.9 a0", {1, 0}, {1.0, -0.9}});
  const auto r = solve_static_optimization(p);
  REQUIRE(r.converged);
  for (std::size_t m = 0; m < 3; ++m) CHECK(r.activation[m] == Approx(free.activation[m]).epsilon(1e-12));
  CHECK_FALSE(r.constraint_active[0]);
  CHECK_FALSE(r.constraint_active[1]);
}

TEST_CASE("Static optimisation: a floor raises a muscle that does no work", "[gait]") {
  // muscle 1 has no moment arm: unconstrained it stays at its bound; a1 >= 0.25 a0 holds it
  // there, and muscle 0 still carries the moment alone
  auto p = one_dof(2, 20.0, 0.04, 1000.0);
  p.moment_arm[1][3] = 0.0;
  p.constraints.push_back({"a1 >= 0.25 a0", {1, 0}, {1.0, -0.25}});
  const auto r = solve_static_optimization(p);
  REQUIRE(r.converged);
  // minimise a0^2 + (a0/4)^2 + (20 - 40 a0)^2: a0 = 800 / (1 + 1/16 + 1600)
  const double a0 = 800.0 / (1.0 + 1.0 / 16.0 + 1600.0);
  CHECK(r.activation[0] == Approx(a0).epsilon(1e-9));
  CHECK(r.activation[1] == Approx(a0 / 4).epsilon(1e-9));
}

TEST_CASE("Static optimisation: constraints that cannot hold within the bounds are an error", "[gait]") {
  auto p = one_dof(2, 20.0, 0.04, 1000.0);
  p.lower[1] = 0.6;
  p.constraints.push_back({"a0 >= 2 a1", {0, 1}, {1.0, -2.0}});
  CHECK_THROWS_WITH(solve_static_optimization(p), Catch::Contains("'a0 >= 2 a1' cannot be met"));
}
