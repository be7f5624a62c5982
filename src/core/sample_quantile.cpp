#include "patella/core/sample_quantile.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace patella {

namespace {

// checked and sorted, so a band's three quantiles at a point share one sort
std::vector<double> sorted_sample(std::vector<double> v) {
  if (v.empty()) throw std::invalid_argument("quantile of an empty sample");
  for (double x : v)
    if (!std::isfinite(x)) throw std::invalid_argument("sample quantile: a value is not finite");
  std::sort(v.begin(), v.end());
  return v;
}

double quantile_of_sorted(const std::vector<double>& v, double q) {
  if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("sample quantile at " + std::to_string(q) + ", outside [0, 1]");
  const double h = (v.size() - 1) * q;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

}  // namespace

double sample_quantile(std::vector<double> v, double q) { return quantile_of_sorted(sorted_sample(std::move(v)), q); }

Band sample_band(const std::vector<std::vector<double>>& curves, double low, double high) {
  if (curves.empty()) throw std::invalid_argument("band of no curves");
  if (!(low <= high)) throw std::invalid_argument("band from quantile " + std::to_string(low) + " to " + std::to_string(high));
  const std::size_t n = curves.front().size();
  for (std::size_t s = 0; s < curves.size(); ++s)
    if (curves[s].size() != n)
      throw std::invalid_argument("band: curve " + std::to_string(s) + " has " + std::to_string(curves[s].size()) +
                                  " points, curve 0 has " + std::to_string(n));
  Band b;
  std::vector<double> at(curves.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t s = 0; s < curves.size(); ++s) at[s] = curves[s][i];
    const std::vector<double> sorted = sorted_sample(at);
    b.low.push_back(quantile_of_sorted(sorted, low));
    b.median.push_back(quantile_of_sorted(sorted, 0.5));
    b.high.push_back(quantile_of_sorted(sorted, high));
  }
  return b;
}

}  // namespace patella
