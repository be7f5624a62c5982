#pragma once
/// Asserts a code-verification case (patella/validation/verification.hpp): the test and
/// docs/verification.md share the case's computation; the test fails when its error exceeds
/// the tolerance or nothing was compared.
#include <catch2/catch.hpp>

#include "patella/validation/verification.hpp"

namespace patella::test {

inline void check_code_case(const validation::CodeCase& c) {
  INFO(c.element << ": " << c.reference << "\n" << c.quantity << ": max error " << c.error << " " << c.unit
                 << " over " << c.samples << " samples, tolerance " << c.tolerance);
  for (const auto& [what, n] : c.coverage) UNSCOPED_INFO(what << ": " << n);
  CHECK(c.samples > 0);
  CHECK(c.error <= c.tolerance);
  CHECK(c.pass());
}

}  // namespace patella::test
