// Thelen 2003 curves against the paper's formulas (J Biomech Eng 125:70, young-adult values).
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/muscle/thelen_curves.hpp"

using namespace patella;

TEST_CASE("Thelen 2003 active force-length: exp(-(l - 1)^2 / 0.45)", "[muscle][thelen]") {
  CHECK(thelen_active_force_length(1.0) == 1.0);
  for (double l : {0.5, 0.8, 1.2, 1.5})
    CHECK(thelen_active_force_length(l) == Approx(std::exp(-(l - 1) * (l - 1) / 0.45)).epsilon(1e-14));
  CHECK(thelen_active_force_length(1.5) == Approx(0.573753).epsilon(1e-6));
  CHECK(thelen_active_force_length(0.7) == Approx(thelen_active_force_length(1.3)));  // symmetric
}

TEST_CASE("Thelen 2003 passive force: F0 at 60 % strain, none when slack", "[muscle][thelen]") {
  CHECK(thelen_passive_force_length(0.8) == 0.0);
  CHECK(thelen_passive_force_length(1.0) == 0.0);
  CHECK(thelen_passive_force_length(1.6) == Approx(1.0).epsilon(1e-14));  // eps0 = 0.6
  // (exp(4 x 0.3 / 0.6) - 1) / (exp(4) - 1) = (e^2 - 1) / (e^4 - 1) = 1 / (e^2 + 1)
  CHECK(thelen_passive_force_length(1.3) == Approx(1.0 / (std::exp(2.0) + 1.0)).epsilon(1e-14));
}

TEST_CASE("Thelen isometric tendon force: F0 (a f_L + f_PE) cos(alpha)", "[muscle][thelen]") {
  const double F0 = 1000.0, l_opt = 0.1;
  // at optimal length, no pennation: a F0
  CHECK(thelen_isometric_tendon_force(1.0, F0, l_opt, l_opt, 0.0) == Approx(F0));
  CHECK(thelen_isometric_tendon_force(0.25, F0, l_opt, l_opt, 0.0) == Approx(0.25 * F0));
  // pennated, at optimal length: the pennation angle is alpha0
  CHECK(thelen_isometric_tendon_force(1.0, F0, l_opt, l_opt, 0.3) == Approx(F0 * std::cos(0.3)));
  // stretched 30 %: active and passive add; the fibre thins, so alpha < alpha0
  const double l = 1.3 * l_opt, sin_a = std::sin(0.3) / 1.3;
  CHECK(thelen_isometric_tendon_force(0.5, F0, l, l_opt, 0.3) ==
        Approx(F0 * (0.5 * std::exp(-0.09 / 0.45) + 1.0 / (std::exp(2.0) + 1.0)) * std::sqrt(1 - sin_a * sin_a)));
  // a very short fibre: sin(alpha) capped at 0.99, the force stays finite
  CHECK(thelen_isometric_tendon_force(1.0, F0, 0.01 * l_opt, l_opt, 1.2) ==
        Approx(F0 * thelen_active_force_length(0.01) * std::sqrt(1 - 0.99 * 0.99)));
}
