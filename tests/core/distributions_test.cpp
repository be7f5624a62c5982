#include <catch2/catch.hpp>

#include <cmath>

#include "patella/core/distributions.hpp"
#include "patella/core/sample_quantile.hpp"

using namespace patella;

TEST_CASE("The standard normal quantile: published values and the CDF's inverse to round-off", "[core][distributions]") {
  // Phi^-1 at 0.975, 0.95, 0.841344746068543 (Phi(1)) and 1e-10 (to 16 digits, e.g. R's qnorm)
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-14));
  CHECK(normal_quantile(0.95) == Approx(1.644853626951472).epsilon(1e-14));
  CHECK(normal_quantile(0.025) == Approx(-1.959963984540054).epsilon(1e-14));
  CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-13));
  CHECK(normal_quantile(0.5) == 0.0);
  for (double u = 1e-300; u < 1.0; u = u < 1e-3 ? u * 1e7 : u + 0.0137) {
    const double x = normal_quantile(u);
    INFO("u = " << u << ", x = " << x);
    // round-off in x (|x| eps) moves Phi by |x| of that relative to itself in the tail
    CHECK(normal_cdf(x) == Approx(u).epsilon(1e-15 * (4 + x * x)));
  }
  CHECK(std::isinf(normal_quantile(0.0)));
  CHECK_THROWS_AS(normal_quantile(1.5), std::invalid_argument);
}

TEST_CASE("Distributions by their quantile functions: uniform, normal, log-normal, truncated", "[core][distributions]") {
  Distribution uni;
  uni.a = 2.0;
  uni.b = 5.0;
  CHECK(quantile(uni, 0.0) == 2.0);
  CHECK(quantile(uni, 0.5) == 3.5);
  CHECK(quantile(uni, 1.0) == 5.0);

  Distribution normal;
  normal.kind = Distribution::Kind::Normal;
  normal.a = 10.0;
  normal.b = 2.0;
  CHECK(quantile(normal, 0.5) == Approx(10.0));
  CHECK(quantile(normal, 0.975) == Approx(10.0 + 2.0 * 1.959963984540054));
  CHECK_THROWS_AS(quantile(normal, 0.0), std::invalid_argument);  // unbounded without a truncation
  // truncated to [9, 14]: the whole unit interval maps inside, the ends onto the bounds, and
  // the median of the mass left sits where Phi is halfway between the bounds'
  normal.low = 9.0;
  normal.high = 14.0;
  CHECK(quantile(normal, 0.0) == 9.0);
  CHECK(quantile(normal, 1.0) == 14.0);
  const double mid = 0.5 * (normal_cdf(-0.5) + normal_cdf(2.0));
  CHECK(quantile(normal, 0.5) == Approx(10.0 + 2.0 * normal_quantile(mid)));
  for (double u = 0.0; u <= 1.0; u += 0.01) {
    CHECK(quantile(normal, u) >= 9.0);
    CHECK(quantile(normal, u) <= 14.0);
  }

  Distribution lognormal;
  lognormal.kind = Distribution::Kind::LogNormal;
  lognormal.a = 3.0;  // median
  lognormal.b = 0.25;
  CHECK(quantile(lognormal, 0.5) == Approx(3.0));
  CHECK(quantile(lognormal, 0.975) == Approx(3.0 * std::exp(0.25 * 1.959963984540054)));
  CHECK(quantile(lognormal, 0.025) * quantile(lognormal, 0.975) == Approx(9.0));  // symmetric in log

  // parameters without a distribution
  uni.b = 2.0;
  CHECK_THROWS_AS(quantile(uni, 0.5), std::invalid_argument);
  normal.b = 0.0;
  CHECK_THROWS_AS(quantile(normal, 0.5), std::invalid_argument);
  lognormal.a = -1.0;
  CHECK_THROWS_AS(quantile(lognormal, 0.5), std::invalid_argument);
  normal.b = 1.0;
  normal.low = 100.0;
  normal.high = 101.0;  // Phi underflows to no mass there
  CHECK_THROWS_AS(quantile(normal, 0.5), std::invalid_argument);
}

TEST_CASE("Sample quantiles: Hyndman and Fan's type 7, as R's quantile() and NumPy's percentile()",
          "[core][distributions]") {
  // R: quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(0, 0.05, 0.25, 0.5, 0.95, 1)) gives
  // 1, 1, 1.75, 3.5, 7.95, 9 (h = 7 q between the sorted 1 1 2 3 4 5 6 9)
  const std::vector<double> v = {3, 1, 4, 1, 5, 9, 2, 6};
  CHECK(sample_quantile(v, 0.0) == 1.0);
  CHECK(sample_quantile(v, 0.05) == Approx(1.0));
  CHECK(sample_quantile(v, 0.25) == Approx(1.75));
  CHECK(sample_quantile(v, 0.5) == Approx(3.5));
  CHECK(sample_quantile(v, 0.95) == Approx(7.95));
  CHECK(sample_quantile(v, 1.0) == 9.0);
  CHECK(sample_quantile({2.5}, 0.3) == 2.5);
  CHECK_THROWS_AS(sample_quantile({}, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(sample_quantile(v, 1.1), std::invalid_argument);
  CHECK_THROWS_AS(sample_quantile({1.0, std::nan("")}, 0.5), std::invalid_argument);
}

TEST_CASE("Sample bands: each point's quantiles over the curves", "[core][distributions]") {
  // 21 curves c_s(i) = s + 10 i: at every point the samples are 10 i + 0..20, so the 5 % quantile
  // is 10 i + 1, the median 10 i + 10 and the 95 % one 10 i + 19 (type 7: h = 20 q)
  std::vector<std::vector<double>> curves;
  for (int s = 20; s >= 0; --s) {
    std::vector<double> c;
    for (int i = 0; i < 4; ++i) c.push_back(s + 10.0 * i);
    curves.push_back(c);
  }
  const Band b = sample_band(curves);
  REQUIRE(b.low.size() == 4);
  for (int i = 0; i < 4; ++i) {
    CHECK(b.low[i] == Approx(10.0 * i + 1));
    CHECK(b.median[i] == Approx(10.0 * i + 10));
    CHECK(b.high[i] == Approx(10.0 * i + 19));
  }
  curves[3].pop_back();
  CHECK_THROWS_AS(sample_band(curves), std::invalid_argument);
  CHECK_THROWS_AS(sample_band({}), std::invalid_argument);
  CHECK_THROWS_AS(sample_band({{1.0}}, 0.9, 0.1), std::invalid_argument);
}
