#pragma once
// Random numbers that a seed reproduces on every machine: the 64-bit Mersenne twister is fixed by
// the C++ standard, but std::uniform_real_distribution, std::uniform_int_distribution and
// std::shuffle are not (each standard library maps the bits its own way). The sweeps' designs
// and bootstrap draw through these instead.
#include <cstdint>
#include <random>
#include <vector>

namespace patella {

/// uniform in [0, 1): the top 53 bits of one draw
inline double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

/// uniform in 0 .. n-1 (n >= 1)
inline std::size_t uniform_index(std::mt19937_64& rng, std::size_t n) {
  const std::size_t i = static_cast<std::size_t>(uniform01(rng) * static_cast<double>(n));
  return i < n ? i : n - 1;
}

/// 0 .. n-1 in a random order (Fisher and Yates, Durstenfeld's form)
inline std::vector<std::size_t> random_permutation(std::mt19937_64& rng, std::size_t n) {
  std::vector<std::size_t> p(n);
  for (std::size_t i = 0; i < n; ++i) p[i] = i;
  for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[uniform_index(rng, i)]);
  return p;
}

}  // namespace patella
