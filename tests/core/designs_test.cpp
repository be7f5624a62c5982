#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "patella/core/latin_hypercube.hpp"
#include "patella/core/morris_screening.hpp"
#include "patella/core/seeded_random.hpp"

using namespace patella;

TEST_CASE("Latin hypercube: one point in each of the n strata of every dimension", "[core][designs]") {
  const std::size_t n = 97;
  const int k = 5;
  const std::vector<double> x = latin_hypercube(n, k, 7);
  REQUIRE(x.size() == n * k);
  for (int j = 0; j < k; ++j) {
    std::set<long> strata;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = x[i * k + j];
      REQUIRE(v >= 0.0);
      REQUIRE(v < 1.0);
      strata.insert(static_cast<long>(std::floor(v * n)));
    }
    INFO("dimension " << j);
    CHECK(strata.size() == n);
  }
  // the columns are not the same permutation, and a seed reproduces its points
  CHECK(std::floor(x[0] * n) != std::floor(x[1] * n));
  CHECK(latin_hypercube(n, k, 7) == x);
  CHECK(latin_hypercube(n, k, 8) != x);
  CHECK_THROWS_AS(latin_hypercube(n, 0, 7), std::invalid_argument);
}

TEST_CASE("Seeded random numbers: the same draws on every machine", "[core][designs]") {
  // std::mt19937_64's 10,000th output from its default seed is fixed by the standard
  // ([rand.predef]); the mappings to [0, 1) and to permutations are this project's own
  std::mt19937_64 rng;
  rng.discard(9999);
  CHECK(rng() == 9981545732273789042ULL);
  std::mt19937_64 a(3);
  const std::vector<std::size_t> p = random_permutation(a, 10);
  CHECK(std::set<std::size_t>(p.begin(), p.end()).size() == 10);
  std::mt19937_64 b(3);
  CHECK(random_permutation(b, 10) == p);
}

TEST_CASE("Morris screening: trajectories on the grid, and the elementary effects of known functions",
          "[core][designs]") {
  const int k = 6, r = 20, p = 4;
  const MorrisDesign d = morris_design(k, r, p, 11);
  REQUIRE(d.points.size() == static_cast<std::size_t>(r * (k + 1) * k));
  CHECK(d.delta == Approx(2.0 / 3.0));
  for (int t = 0; t < r; ++t) {
    std::set<int> moved;
    for (int s = 0; s < k; ++s) {
      const double* a = &d.points[(t * (k + 1) + s) * k];
      const double* b = a + k;
      const int i = d.moved[t * k + s];
      moved.insert(i);
      for (int j = 0; j < k; ++j) {
        // every coordinate on the grid of p levels within [0, 1]
        CHECK(std::abs(b[j] * (p - 1) - std::round(b[j] * (p - 1))) < 1e-12);
        CHECK(b[j] >= 0.0);
        CHECK(b[j] <= 1.0);
        if (j == i) CHECK(b[j] - a[j] == Approx(d.step[t * k + s]));
        else CHECK(b[j] == a[j]);
      }
      CHECK(std::abs(d.step[t * k + s]) == Approx(d.delta));
    }
    CHECK(moved.size() == static_cast<std::size_t>(k));  // each parameter once per trajectory
  }
  // a linear function's effects are its coefficients, with no spread
  const double c[k] = {3.0, -2.0, 0.5, 0.0, 1.0, -4.0};
  std::vector<double> f;
  for (std::size_t q = 0; q < d.points.size() / k; ++q) {
    double y = 0.0;
    for (int j = 0; j < k; ++j) y += c[j] * d.points[q * k + j];
    f.push_back(y);
  }
  const MorrisEffects lin = morris_effects(d, f);
  for (int j = 0; j < k; ++j) {
    CHECK(lin.mu[j] == Approx(c[j]).margin(1e-12));
    CHECK(lin.mu_star[j] == Approx(std::abs(c[j])).margin(1e-12));
    CHECK(lin.sigma[j] == Approx(0.0).margin(1e-12));
  }
  // x0 x1: the effects depend on the other parameter (spread), the rest have none
  for (std::size_t q = 0; q < f.size(); ++q) f[q] = d.points[q * k] * d.points[q * k + 1];
  const MorrisEffects inter = morris_effects(d, f);
  CHECK(inter.sigma[0] > 0.1);
  CHECK(inter.sigma[1] > 0.1);
  for (int j = 2; j < k; ++j) CHECK(inter.mu_star[j] == 0.0);
  CHECK_THROWS_AS(morris_effects(d, std::vector<double>(f.begin(), f.end() - 1)), std::invalid_argument);
  CHECK_THROWS_AS(morris_design(k, r, 3, 11), std::invalid_argument);
}
