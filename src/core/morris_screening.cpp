#include "patella/core/morris_screening.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "patella/core/seeded_random.hpp"

namespace patella {

MorrisDesign morris_design(int k, int r, int p, std::uint64_t seed) {
  if (k < 1 || r < 1 || p < 2 || p % 2 != 0)
    throw std::invalid_argument("Morris design: " + std::to_string(k) + " parameters, " + std::to_string(r) +
                                " trajectories, " + std::to_string(p) +
                                " levels (at least one parameter and trajectory, an even number of levels)");
  MorrisDesign d;
  d.parameters = k;
  d.trajectories = r;
  d.levels = p;
  d.delta = p / (2.0 * (p - 1));
  const std::size_t K = static_cast<std::size_t>(k);
  d.points.reserve(static_cast<std::size_t>(r) * (K + 1) * K);
  std::mt19937_64 rng(seed);
  std::vector<double> x(K);
  for (int t = 0; t < r; ++t) {
    for (std::size_t i = 0; i < K; ++i) x[i] = static_cast<double>(uniform_index(rng, p)) / (p - 1);
    d.points.insert(d.points.end(), x.begin(), x.end());
    for (std::size_t i : random_permutation(rng, K)) {
      // up where the grid continues there (levels 0 .. p/2 - 1), else down
      const double s = x[i] + d.delta <= 1.0 + 1e-12 ? d.delta : -d.delta;
      x[i] = std::round((x[i] + s) * (p - 1)) / (p - 1);
      d.moved.push_back(static_cast<int>(i));
      d.step.push_back(s);
      d.points.insert(d.points.end(), x.begin(), x.end());
    }
  }
  return d;
}

MorrisEffects morris_effects(const MorrisDesign& d, const std::vector<double>& f) {
  const std::size_t K = static_cast<std::size_t>(d.parameters), r = static_cast<std::size_t>(d.trajectories);
  if (f.size() != r * (K + 1))
    throw std::invalid_argument("Morris effects: " + std::to_string(f.size()) + " outputs for a design of " +
                                std::to_string(r * (K + 1)) + " points");
  for (std::size_t q = 0; q < f.size(); ++q)
    if (!std::isfinite(f[q])) throw std::invalid_argument("Morris effects: output " + std::to_string(q) + " is not finite");
  std::vector<std::vector<double>> ee(K);
  for (std::size_t t = 0; t < r; ++t)
    for (std::size_t s = 0; s < K; ++s) {
      const std::size_t row = t * (K + 1) + s;
      ee[static_cast<std::size_t>(d.moved[t * K + s])].push_back((f[row + 1] - f[row]) / d.step[t * K + s]);
    }
  MorrisEffects m;
  for (std::size_t i = 0; i < K; ++i) {
    double sum = 0.0, sum_abs = 0.0;
    for (double e : ee[i]) {
      sum += e;
      sum_abs += std::abs(e);
    }
    const double mean = sum / r;
    double ss = 0.0;
    for (double e : ee[i]) ss += (e - mean) * (e - mean);
    m.mu.push_back(mean);
    m.mu_star.push_back(sum_abs / r);
    m.sigma.push_back(r > 1 ? std::sqrt(ss / (r - 1)) : 0.0);
  }
  return m;
}

}  // namespace patella
