// Thelen 2003 curves against the paper's formulas (J Biomech Eng 125:70, young-adult values):
// the computation is validation::verify_thelen_formulas, shared with docs/verification.md.
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/muscle/thelen_curves.hpp"
#include "support/code_case.hpp"

using namespace patella;

TEST_CASE("Thelen 2003 curves match the paper's formulas and worked values", "[muscle][thelen]") {
  const validation::CodeCase c = validation::verify_thelen_formulas();
  test::check_code_case(c);
  CHECK(c.samples == 15);
}

TEST_CASE("Thelen 2003 active force-length is symmetric about optimal length", "[muscle][thelen]") {
  CHECK(thelen_active_force_length(0.7) == Approx(thelen_active_force_length(1.3)));
}
