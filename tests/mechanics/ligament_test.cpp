#include <catch2/catch.hpp>

#include <cmath>

#include "patella/mechanics/ligament.hpp"

using namespace patella;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
// k = 1000 N per unit strain, l0 = 50 mm, e_t = 0.06 (OpenSim's default transition strain)
const BlankevoortParams kLig{1000.0, 0.05, 0.06};
double length_at(double strain) { return kLig.slack_length * (1.0 + strain); }
}  // namespace

TEST_CASE("Blankevoort force matches the closed form in each region", "[ligament]") {
  const double k = kLig.linear_stiffness, et = kLig.transition_strain;
  // slack: no force and no stiffness at or below the slack length
  for (double e : {-0.5, -0.01, 0.0}) {
    CHECK(blankevoort_force(kLig, length_at(e)) == 0.0);
    CHECK(blankevoort_stiffness(kLig, length_at(e)) == 0.0);
  }
  // toe region k e^2 / (2 e_t) and linear region k (e - e_t / 2); 1e-12 relative is roundoff
  for (double e : {0.001, 0.02, 0.03, 0.059}) {
    CHECK_THAT(blankevoort_force(kLig, length_at(e)), WithinRel(k * e * e / (2 * et), 1e-12));
    CHECK_THAT(blankevoort_stiffness(kLig, length_at(e)),
               WithinRel(k * e / et / kLig.slack_length, 1e-12));
  }
  for (double e : {0.06, 0.061, 0.1, 0.3}) {
    CHECK_THAT(blankevoort_force(kLig, length_at(e)), WithinRel(k * (e - et / 2), 1e-12));
    CHECK_THAT(blankevoort_stiffness(kLig, length_at(e)), WithinRel(k / kLig.slack_length, 1e-12));
  }
  // worked numbers: e = 0.03 -> 1000 * 0.0009 / 0.12 = 7.5 N; e = 0.1 -> 1000 * 0.07 = 70 N
  CHECK_THAT(blankevoort_force(kLig, length_at(0.03)), WithinRel(7.5, 1e-12));
  CHECK_THAT(blankevoort_force(kLig, length_at(0.1)), WithinRel(70.0, 1e-12));
}

TEST_CASE("Blankevoort force and stiffness are continuous at e = 0 and e = e_t", "[ligament]") {
  const double k = kLig.linear_stiffness, et = kLig.transition_strain, l0 = kLig.slack_length;
  // A strain step of eps on either side of a joint may change the force by at most the largest
  // slope k * eps, and the stiffness by at most its largest slope (k / (e_t l0)) * eps / l0 * l0;
  // a jump (a wrong branch constant) would be of order k e_t / 2 = 30 N or k / l0 = 2e4 N/m.
  const double eps = 1e-9;
  for (double joint : {0.0, et}) {
    const double below = length_at(joint - eps), above = length_at(joint + eps);
    CHECK(std::abs(blankevoort_force(kLig, above) - blankevoort_force(kLig, below)) <=
          2 * k * eps * 1.001);
    CHECK(std::abs(blankevoort_stiffness(kLig, above) - blankevoort_stiffness(kLig, below)) <=
          2 * k / (et * l0) * eps * 1.001 + 1e-9);
  }
  // and the limits are the closed-form values: 0 at e = 0; k e_t / 2 and k / l0 at e = e_t
  CHECK_THAT(blankevoort_force(kLig, length_at(et - eps)), WithinAbs(k * et / 2, 2 * k * eps));
  CHECK_THAT(blankevoort_stiffness(kLig, length_at(et - eps)), WithinRel(k / l0, 1e-6));
  CHECK_THAT(blankevoort_stiffness(kLig, length_at(eps)), WithinAbs(0.0, 2 * k / (et * l0) * eps));
}

TEST_CASE("blankevoort_stiffness equals a central difference of the force", "[ligament]") {
  // F is piecewise quadratic/linear, so a central difference is exact up to roundoff away
  // from the joints: with h = 1e-7 m and F ~ 100 N the roundoff is ~1e-16 * 100 / 1e-7 = 1e-7
  // N/m against stiffnesses of ~1e3-2e4 N/m, hence 1e-6 relative (+1e-6 N/m absolute near 0).
  const double h = 1e-7, l0 = kLig.slack_length, et = kLig.transition_strain;
  int checked = 0;
  for (int i = 0; i <= 400; ++i) {
    const double l = l0 * (0.9 + 0.3 * i / 400.0);
    const double e = (l - l0) / l0;
    if (std::abs(e) < 2 * h / l0 || std::abs(e - et) < 2 * h / l0) continue;  // kinks
    const double fd = (blankevoort_force(kLig, l + h) - blankevoort_force(kLig, l - h)) / (2 * h);
    const double an = blankevoort_stiffness(kLig, l);
    INFO("l = " << l << " m, strain " << e);
    CHECK(std::abs(fd - an) <= 1e-6 * std::abs(an) + 1e-6);
    ++checked;
  }
  CHECK(checked > 390);
}
