#include "patella/gait/signal.hpp"

#include <algorithm>
#include <cmath>

#include "patella/core/error.hpp"

namespace patella {

std::vector<double> lowpass_filtfilt(const std::vector<double>& y, double fs, double fc) {
  PATELLA_THROW_UNLESS(fs > 0 && fc > 0 && fc < fs / 2);
  const std::size_t n = y.size();
  if (n < 4) return y;
  const double K = std::tan(3.14159265358979323846 * fc / fs), s2 = std::sqrt(2.0);
  const double norm = 1 / (1 + s2 * K + K * K);
  const double b0 = K * K * norm, b1 = 2 * b0, b2 = b0;
  const double a1 = 2 * (K * K - 1) * norm, a2 = (1 - s2 * K + K * K) * norm;
  // reflect-pad (odd extension about the end values)
  const std::size_t pad = std::min<std::size_t>(n - 1, static_cast<std::size_t>(3 * fs / fc));
  std::vector<double> x;
  x.reserve(n + 2 * pad);
  for (std::size_t i = pad; i >= 1; --i) x.push_back(2 * y.front() - y[i]);
  x.insert(x.end(), y.begin(), y.end());
  for (std::size_t i = 1; i <= pad; ++i) x.push_back(2 * y.back() - y[n - 1 - i]);
  auto pass = [&](std::vector<double>& v) {
    double x1 = v.front(), x2 = v.front(), y1 = v.front(), y2 = v.front();
    for (double& xi : v) {
      const double out = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = xi;
      y2 = y1;
      y1 = out;
      xi = out;
    }
  };
  pass(x);
  std::reverse(x.begin(), x.end());
  pass(x);
  std::reverse(x.begin(), x.end());
  return std::vector<double>(x.begin() + pad, x.begin() + pad + n);
}

}  // namespace patella
