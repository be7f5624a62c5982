#pragma once
/// A per-triangle field stored only where it is non-zero. A contact touches about a fifth of a
/// cartilage's triangles, and a gait result keeps every frame's pressures: stored dense they were
/// 24 KB of new memory per frame for the 6,052 patellar triangles (the first touch of a page costs
/// more than the copy), sparse about 10 KB.
#include <cstdint>
#include <vector>

namespace patella {

struct SparseField {
  std::uint32_t size = 0;            ///< values in the dense field (the mesh's triangles)
  std::vector<std::uint32_t> index;  ///< the non-zero entries' indices, ascending
  std::vector<float> value;          ///< their values (single precision)

  bool empty() const { return size == 0; }
  /// The non-zero entries of `dense` (every entry that is not exactly zero).
  static SparseField from_dense(const std::vector<double>& dense);
  /// The dense field, zeros where nothing is stored; `out` holds `size` values.
  void to_dense(float* out) const;
  std::vector<float> dense() const;
};

}  // namespace patella
