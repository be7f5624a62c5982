#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "patella/core/sparse_field.hpp"

using namespace patella;

TEST_CASE("SparseField keeps a field's non-zero entries in ascending order and gives the dense "
          "field back in single precision", "[sparse_field]") {
  std::vector<double> dense(1000, 0.0);
  for (int i = 3; i < 1000; i += 7) dense[i] = 1e6 * (1.0 + 1e-3 * i);  // pressures [Pa]
  dense[999] = 0.1;
  dense[0] = -2.5;  // signs are kept (it stores values, not magnitudes)
  const SparseField s = SparseField::from_dense(dense);
  CHECK(s.size == 1000);
  CHECK_FALSE(s.empty());
  REQUIRE(s.index.size() == s.value.size());
  CHECK(s.index.size() == 1 + (999 - 3) / 7 + 1 + 1);
  for (std::size_t k = 1; k < s.index.size(); ++k) CHECK(s.index[k - 1] < s.index[k]);
  const std::vector<float> back = s.dense();
  REQUIRE(back.size() == dense.size());
  for (std::size_t i = 0; i < dense.size(); ++i) CHECK(back[i] == static_cast<float>(dense[i]));

  // a frame out of contact stores nothing but its size; a field never given stays empty
  const SparseField none = SparseField::from_dense(std::vector<double>(50, 0.0));
  CHECK(none.size == 50);
  CHECK(none.index.empty());
  CHECK(none.dense() == std::vector<float>(50, 0.0f));
  CHECK(SparseField{}.empty());

  // an index past the dense field is refused, not written past the buffer
  SparseField bad = s;
  bad.index.back() = 1000;
  CHECK_THROWS_AS(bad.dense(), std::invalid_argument);
}
