#include "patella/core/sparse_field.hpp"

#include <algorithm>

#include "patella/core/error.hpp"

namespace patella {

SparseField SparseField::from_dense(const std::vector<double>& dense) {
  SparseField s;
  PATELLA_THROW_UNLESS(dense.size() <= UINT32_MAX);
  s.size = static_cast<std::uint32_t>(dense.size());
  std::size_t n = 0;
  for (double v : dense) n += v != 0.0;
  s.index.reserve(n);
  s.value.reserve(n);
  for (std::uint32_t i = 0; i < s.size; ++i)
    if (dense[i] != 0.0) {
      s.index.push_back(i);
      s.value.push_back(static_cast<float>(dense[i]));
    }
  return s;
}

void SparseField::to_dense(float* out) const {
  PATELLA_THROW_UNLESS(index.size() == value.size());
  std::fill(out, out + size, 0.0f);
  for (std::size_t k = 0; k < index.size(); ++k) {
    PATELLA_THROW_UNLESS(index[k] < size);
    out[index[k]] = value[k];
  }
}

std::vector<float> SparseField::dense() const {
  std::vector<float> d(size);
  to_dense(d.data());
  return d;
}

}  // namespace patella
