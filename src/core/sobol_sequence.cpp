#include "patella/core/sobol_sequence.hpp"

#include <stdexcept>
#include <string>

namespace patella {

namespace {

// new-joe-kuo-6.21201, dimensions 2-31 (Joe and Kuo 2008; the file's columns s, a, m_1 .. m_s):
// s the degree of the primitive polynomial, a its interior coefficients as bits, m the initial
// direction integers. Dimension 1 has every m = 1.
struct Direction {
  unsigned s, a;
  unsigned m[7];
};
constexpr Direction kJoeKuo[] = {
    {1, 0, {1}},                          // 2
    {2, 1, {1, 3}},                       // 3
    {3, 1, {1, 3, 1}},                    // 4
    {3, 2, {1, 1, 1}},                    // 5
    {4, 1, {1, 1, 3, 3}},                 // 6
    {4, 4, {1, 3, 5, 13}},                // 7
    {5, 2, {1, 1, 5, 5, 17}},             // 8
    {5, 4, {1, 1, 5, 5, 5}},              // 9
    {5, 7, {1, 1, 7, 11, 19}},            // 10
    {5, 11, {1, 1, 5, 1, 1}},             // 11
    {5, 13, {1, 1, 1, 3, 11}},            // 12
    {5, 14, {1, 3, 5, 5, 31}},            // 13
    {6, 1, {1, 3, 3, 9, 7, 49}},          // 14
    {6, 13, {1, 1, 1, 15, 21, 21}},       // 15
    {6, 16, {1, 3, 1, 13, 27, 49}},       // 16
    {6, 19, {1, 1, 1, 15, 7, 5}},         // 17
    {6, 22, {1, 3, 1, 15, 13, 25}},       // 18
    {6, 25, {1, 1, 5, 5, 19, 61}},        // 19
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},   // 20
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},    // 21
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},     // 22
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},      // 23
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},   // 24
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},    // 25
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},   // 26
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},     // 27
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},     // 28
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},    // 29
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},    // 30
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},    // 31
};
constexpr int kBits = 32;

// direction numbers v_1 .. v_32 of dimension j (0-based), scaled by 2^32:
// v_i = m_i 2^(32-i) for i <= s, then v_i = v_(i-s) ^ (v_(i-s) >> s) ^ sum_k a_k v_(i-k)
std::vector<std::uint32_t> directions(int j) {
  std::vector<std::uint32_t> v(kBits + 1, 0);
  if (j == 0) {
    for (int i = 1; i <= kBits; ++i) v[i] = std::uint32_t(1) << (kBits - i);
    return v;
  }
  const Direction& p = kJoeKuo[j - 1];
  const int s = static_cast<int>(p.s);
  for (int i = 1; i <= kBits; ++i) {
    if (i <= s) {
      v[i] = p.m[i - 1] << (kBits - i);
      continue;
    }
    v[i] = v[i - s] ^ (v[i - s] >> s);
    for (int k = 1; k <= s - 1; ++k)
      if ((p.a >> (s - 1 - k)) & 1u) v[i] ^= v[i - k];
  }
  return v;
}

}  // namespace

int sobol_max_dimensions() { return 1 + static_cast<int>(sizeof(kJoeKuo) / sizeof(kJoeKuo[0])); }

std::vector<double> sobol_points(std::uint64_t n, int d) {
  if (d < 1 || d > sobol_max_dimensions())
    throw std::invalid_argument("Sobol sequence: " + std::to_string(d) + " dimensions, where 1 to " +
                                std::to_string(sobol_max_dimensions()) + " are available");
  if (n > (std::uint64_t(1) << kBits))
    throw std::invalid_argument("Sobol sequence: " + std::to_string(n) + " points, more than 2^32");
  std::vector<std::vector<std::uint32_t>> v(d);
  for (int j = 0; j < d; ++j) v[j] = directions(j);
  std::vector<double> out(n * d, 0.0);
  std::vector<std::uint32_t> x(d, 0);
  constexpr double kScale = 1.0 / 4294967296.0;  // 2^-32
  for (std::uint64_t i = 1; i < n; ++i) {
    // Gray code: point i flips the direction of the lowest zero bit of i - 1 (1-based)
    int c = 1;
    for (std::uint64_t value = i - 1; value & 1; value >>= 1) ++c;
    for (int j = 0; j < d; ++j) {
      x[j] ^= v[j][c];
      out[i * d + j] = x[j] * kScale;
    }
  }
  return out;
}

}  // namespace patella
