#include <catch2/catch.hpp>

#include <cmath>

#include "patella/mechanics/ligament.hpp"
#include "support/code_case.hpp"

using namespace patella;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
// k = 1000 N per unit strain, l0 = 50 mm, e_t = 0.06 (OpenSim's default transition strain)
const BlankevoortParams kLig{1000.0, 0.05, 0.06};
double length_at(double strain) { return kLig.slack_length * (1.0 + strain); }
}  // namespace

TEST_CASE("Blankevoort force matches the closed form in each region", "[ligament]") {
  // validation::verify_ligament_closed_form (docs/verification.md): slack, toe and linear
  // regions and two worked numbers (e = 0.03 -> 7.5 N, e = 0.1 -> 70 N), to roundoff (1e-12)
  test::check_code_case(validation::verify_ligament_closed_form());
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
  // validation::verify_ligament_stiffness: 401 lengths, the two kinks skipped
  const validation::CodeCase c = validation::verify_ligament_stiffness();
  test::check_code_case(c);
  CHECK(c.samples > 390);
}
