#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "patella/core/sobol_indices.hpp"
#include "patella/core/sobol_sequence.hpp"

using namespace patella;

TEST_CASE("Sobol sequence: the first points of Joe and Kuo's generator, and its nets", "[core][sobol]") {
  // points 0-7 in three dimensions, as Joe and Kuo's reference generator and SciPy's unscrambled
  // qmc.Sobol give them (new-joe-kuo-6.21201)
  const double expected[8][3] = {{0, 0, 0},           {0.5, 0.5, 0.5},       {0.75, 0.25, 0.25},
                                 {0.25, 0.75, 0.75},  {0.375, 0.375, 0.625}, {0.875, 0.875, 0.125},
                                 {0.625, 0.125, 0.875}, {0.125, 0.625, 0.375}};
  const std::vector<double> p = sobol_points(8, 3);
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 3; ++j) {
      INFO("point " << i << ", dimension " << j + 1);
      CHECK(p[i * 3 + j] == expected[i][j]);
    }
  // 2^m points: every dimension's coordinates are exactly k / 2^m, each once (a (0, m, 1)-net,
  // which holds when every initial direction integer is odd), and the first two dimensions
  // put one point in each dyadic box of area 2^-m (a (0, m, 2)-net)
  const int m = 8, n = 1 << m, d = sobol_max_dimensions();
  REQUIRE(d == 31);
  const std::vector<double> q = sobol_points(n, d);
  for (int j = 0; j < d; ++j) {
    std::set<long> seen;
    for (int i = 0; i < n; ++i) {
      const double x = q[i * d + j] * n;
      if (x == std::floor(x)) seen.insert(static_cast<long>(x));
    }
    INFO("dimension " << j + 1);
    CHECK(seen.size() == static_cast<std::size_t>(n));
  }
  for (int bits_x = 0; bits_x <= m; ++bits_x) {
    std::set<long> boxes;
    for (int i = 0; i < n; ++i)
      boxes.insert(static_cast<long>(q[i * d] * (1 << bits_x)) * n +
                   static_cast<long>(q[i * d + 1] * (1 << (m - bits_x))));
    INFO(bits_x << " bits of x, " << m - bits_x << " of y");
    CHECK(boxes.size() == static_cast<std::size_t>(n));
  }
  CHECK_THROWS_AS(sobol_points(4, 32), std::invalid_argument);
  CHECK_THROWS_AS(sobol_points(4, 0), std::invalid_argument);
}

TEST_CASE("Sobol indices on the Ishigami function: the analytic first-order and total indices", "[core][sobol]") {
  // f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3, a = 7, b = 0.1 (Ishigami and Homma
  // 1990); its variances (Saltelli et al. 2008, Global Sensitivity Analysis, 4.3):
  // V1 = b pi^4 / 5 + b^2 pi^8 / 50 + 1/2, V2 = a^2 / 8, V3 = 0, V13 = 8 b^2 pi^8 / 225
  const double a = 7.0, b = 0.1, pi = std::acos(-1.0);
  const double V1 = b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 50 + 0.5;
  const double V2 = a * a / 8, V13 = 8 * b * b * std::pow(pi, 8) / 225;
  const double V = V1 + V2 + V13;
  const double S[3] = {V1 / V, V2 / V, 0.0}, ST[3] = {(V1 + V13) / V, V2 / V, V13 / V};
  const std::size_t n = 1 << 13;
  const int k = 3;
  const std::vector<double> x = saltelli_points(n, k);
  REQUIRE(x.size() == n * (k + 2) * k);
  std::vector<double> f(n * (k + 2));
  for (std::size_t r = 0; r < f.size(); ++r) {
    const double x1 = -pi + 2 * pi * x[r * k], x2 = -pi + 2 * pi * x[r * k + 1], x3 = -pi + 2 * pi * x[r * k + 2];
    f[r] = std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
  }
  const SobolIndices s = sobol_indices(f, n, k, 200, 42);
  CHECK(std::abs(s.variance - V) < 0.01 * V);
  for (int i = 0; i < k; ++i) {
    INFO("x" << i + 1 << ": S " << s.first[i] << " [" << s.first_low[i] << ", " << s.first_high[i] << "] against "
              << S[i] << ", ST " << s.total[i] << " [" << s.total_low[i] << ", " << s.total_high[i] << "] against " << ST[i]);
    CHECK(std::abs(s.first[i] - S[i]) < 0.02);
    CHECK(std::abs(s.total[i] - ST[i]) < 0.02);
    CHECK(s.first_low[i] <= S[i] + 1e-3);
    CHECK(s.first_high[i] >= S[i] - 1e-3);
    CHECK(s.total_low[i] <= ST[i] + 1e-3);
    CHECK(s.total_high[i] >= ST[i] - 1e-3);
    CHECK(s.first_high[i] - s.first_low[i] < 0.1);
  }
  // the same seed, the same intervals; another seed, others
  const SobolIndices again = sobol_indices(f, n, k, 200, 42), other = sobol_indices(f, n, k, 200, 43);
  CHECK(again.first_low == s.first_low);
  CHECK(again.total_high == s.total_high);
  CHECK(other.first_low != s.first_low);
  // a wrong count of outputs, and a non-finite one, are errors
  CHECK_THROWS_AS(sobol_indices(std::vector<double>(f.begin(), f.end() - 1), n, k), std::invalid_argument);
  f[5] = std::nan("");
  CHECK_THROWS_AS(sobol_indices(f, n, k), std::invalid_argument);
}
