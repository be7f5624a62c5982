#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "patella/core/spline.hpp"

using namespace patella;

TEST_CASE("CubicSpline::value_and_derivative equals value and derivative bit for bit on segment(t), "
          "inside the knots and beyond them", "[spline]") {
  std::vector<double> x, y;
  for (int k = 0; k < 40; ++k) {
    x.push_back(0.013 * k + 0.001 * std::sin(k));
    y.push_back(std::cos(0.7 * k) + 0.1 * k);
  }
  const CubicSpline s(x, y);
  int checked = 0;
  for (double t = -0.05; t <= 0.6; t += 0.000731) {
    const std::size_t i = s.segment(t);
    REQUIRE(i + 1 < x.size());
    // the segment holds t (or is the end one for t beyond the knots)
    if (t >= x.front() && t < x.back()) CHECK((x[i] <= t && t < x[i + 1]));
    double v, d;
    s.value_and_derivative(i, t, v, d);
    CHECK(v == s.value(t));
    CHECK(d == s.derivative(t));
    ++checked;
  }
  CHECK(checked > 800);
}
