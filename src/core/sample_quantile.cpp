#include "patella/core/sample_quantile.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace patella {

double sample_quantile(std::vector<double> v, double q) {
  if (v.empty()) throw std::invalid_argument("quantile of an empty sample");
  if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("sample quantile at " + std::to_string(q) + ", outside [0, 1]");
  for (double x : v)
    if (!std::isfinite(x)) throw std::invalid_argument("sample quantile: a value is not finite");
  std::sort(v.begin(), v.end());
  const double h = (v.size() - 1) * q;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

}  // namespace patella
