#include "patella/gait/signal.hpp"

#include <algorithm>
#include <cmath>

#include "patella/core/error.hpp"

namespace patella {

CubicSpline::CubicSpline(std::vector<double> x, const std::vector<double>& y)
    : x_(std::move(x)), y_(y) {
  const std::size_t n = x_.size();
  PATELLA_THROW_UNLESS(n >= 2 && y.size() == n);
  for (std::size_t i = 1; i < n; ++i) PATELLA_THROW_UNLESS(x_[i] > x_[i - 1]);
  // tridiagonal system for the knot second derivatives, natural ends (m = 0)
  m_.assign(n, 0.0);
  if (n < 3) return;
  std::vector<double> c(n, 0.0), d(n, 0.0);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double h0 = x_[i] - x_[i - 1], h1 = x_[i + 1] - x_[i];
    const double a = h0, b = 2 * (h0 + h1), cc = h1;
    const double r = 6 * ((y_[i + 1] - y_[i]) / h1 - (y_[i] - y_[i - 1]) / h0);
    const double denom = b - a * c[i - 1];
    c[i] = cc / denom;
    d[i] = (r - a * d[i - 1]) / denom;
  }
  for (std::size_t i = n - 2; i >= 1; --i) {
    m_[i] = d[i] - c[i] * m_[i + 1];
    if (i == 1) break;
  }
}

std::size_t CubicSpline::segment(double t) const {
  const std::size_t k = std::upper_bound(x_.begin(), x_.end(), t) - x_.begin();
  return std::clamp<std::size_t>(k, 1, x_.size() - 1) - 1;
}

double CubicSpline::value(double t) const {
  const std::size_t i = segment(t);
  const double h = x_[i + 1] - x_[i], A = (x_[i + 1] - t) / h, B = (t - x_[i]) / h;
  return A * y_[i] + B * y_[i + 1] +
         ((A * A * A - A) * m_[i] + (B * B * B - B) * m_[i + 1]) * h * h / 6;
}

double CubicSpline::derivative(double t) const {
  const std::size_t i = segment(t);
  const double h = x_[i + 1] - x_[i], A = (x_[i + 1] - t) / h, B = (t - x_[i]) / h;
  return (y_[i + 1] - y_[i]) / h - (3 * A * A - 1) * h * m_[i] / 6 + (3 * B * B - 1) * h * m_[i + 1] / 6;
}

double CubicSpline::second_derivative(double t) const {
  const std::size_t i = segment(t);
  const double h = x_[i + 1] - x_[i], A = (x_[i + 1] - t) / h, B = (t - x_[i]) / h;
  return A * m_[i] + B * m_[i + 1];
}

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
