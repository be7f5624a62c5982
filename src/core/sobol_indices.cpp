#include "patella/core/sobol_indices.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "patella/core/sample_quantile.hpp"
#include "patella/core/seeded_random.hpp"
#include "patella/core/sobol_sequence.hpp"

namespace patella {

std::vector<double> saltelli_points(std::size_t n, int k) {
  if (k < 1 || 2 * k > sobol_max_dimensions())
    throw std::invalid_argument("Saltelli design: " + std::to_string(k) + " parameters, where 1 to " +
                                std::to_string(sobol_max_dimensions() / 2) + " are available");
  const std::vector<double> s = sobol_points(n + 1, 2 * k);
  const std::size_t K = static_cast<std::size_t>(k);
  std::vector<double> out((K + 2) * n * K);
  auto row = [&](std::size_t block, std::size_t j) { return &out[(block * n + j) * K]; };
  for (std::size_t j = 0; j < n; ++j) {
    const double* p = &s[(j + 1) * 2 * K];
    std::copy(p, p + K, row(0, j));          // A
    std::copy(p + K, p + 2 * K, row(1, j));  // B
    for (std::size_t i = 0; i < K; ++i) {
      double* r = row(2 + i, j);
      std::copy(p, p + K, r);
      r[i] = p[K + i];
    }
  }
  return out;
}

namespace {

// the indices over the rows `rows` (indices into 0 .. n-1, repeats allowed)
void estimate(const std::vector<double>& f, std::size_t n, std::size_t k, const std::vector<std::size_t>& rows,
              double& variance, std::vector<double>& first, std::vector<double>& total) {
  const double m = static_cast<double>(rows.size());
  double mean = 0.0;
  for (std::size_t j : rows) mean += f[j] + f[n + j];
  mean /= 2 * m;
  variance = 0.0;
  for (std::size_t j : rows) variance += (f[j] - mean) * (f[j] - mean) + (f[n + j] - mean) * (f[n + j] - mean);
  variance /= 2 * m;
  first.assign(k, 0.0);
  total.assign(k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    double v = 0.0, vt = 0.0;
    for (std::size_t j : rows) {
      const double fa = f[j], fb = f[n + j], fab = f[(2 + i) * n + j];
      v += fb * (fab - fa);
      vt += (fa - fab) * (fa - fab);
    }
    first[i] = variance > 0 ? v / m / variance : 0.0;
    total[i] = variance > 0 ? vt / (2 * m) / variance : 0.0;
  }
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& f, std::size_t n, int k, int bootstrap, std::uint64_t seed) {
  const std::size_t K = static_cast<std::size_t>(std::max(k, 0));
  if (k < 1 || n < 2 || f.size() != n * (K + 2))
    throw std::invalid_argument("Sobol indices: " + std::to_string(f.size()) + " outputs, where " +
                                std::to_string(n) + " rows of " + std::to_string(k) + " parameters need " +
                                std::to_string(n * (K + 2)));
  for (std::size_t r = 0; r < f.size(); ++r)
    if (!std::isfinite(f[r]))
      throw std::invalid_argument("Sobol indices: output " + std::to_string(r) + " is not finite");
  SobolIndices out;
  std::vector<std::size_t> rows(n);
  for (std::size_t j = 0; j < n; ++j) rows[j] = j;
  estimate(f, n, K, rows, out.variance, out.first, out.total);
  if (bootstrap <= 0) return out;
  std::mt19937_64 rng(seed);
  std::vector<std::vector<double>> first(K), total(K);
  double variance;
  std::vector<double> s, st;
  for (int b = 0; b < bootstrap; ++b) {
    for (std::size_t& j : rows) j = uniform_index(rng, n);
    estimate(f, n, K, rows, variance, s, st);
    for (std::size_t i = 0; i < K; ++i) {
      first[i].push_back(s[i]);
      total[i].push_back(st[i]);
    }
  }
  for (std::size_t i = 0; i < K; ++i) {
    out.first_low.push_back(sample_quantile(first[i], 0.025));
    out.first_high.push_back(sample_quantile(first[i], 0.975));
    out.total_low.push_back(sample_quantile(total[i], 0.025));
    out.total_high.push_back(sample_quantile(total[i], 0.975));
  }
  return out;
}

}  // namespace patella
