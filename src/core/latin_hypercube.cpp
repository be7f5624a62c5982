#include "patella/core/latin_hypercube.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "patella/core/seeded_random.hpp"

namespace patella {

std::vector<double> latin_hypercube(std::size_t n, int k, std::uint64_t seed) {
  if (k < 1) throw std::invalid_argument("Latin hypercube: " + std::to_string(k) + " dimensions");
  const std::size_t K = static_cast<std::size_t>(k);
  std::vector<double> out(n * K);
  std::mt19937_64 rng(seed);
  for (std::size_t j = 0; j < K; ++j) {
    const std::vector<std::size_t> stratum = random_permutation(rng, n);
    for (std::size_t i = 0; i < n; ++i) {
      // (stratum + u) / n, kept below the stratum's upper edge where rounding would reach it
      // (it cannot fall below the lower one: rounded division is monotonic)
      const double hi = static_cast<double>(stratum[i] + 1) / n;
      const double x = (static_cast<double>(stratum[i]) + uniform01(rng)) / n;
      out[i * K + j] = x < hi ? x : std::nextafter(hi, 0.0);
    }
  }
  return out;
}

}  // namespace patella
