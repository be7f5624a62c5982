#include "patella/core/spline.hpp"

#include <algorithm>

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

void CubicSpline::value_and_derivative(std::size_t i, double t, double& value, double& derivative) const {
  // the expressions of value() and derivative(), so the results are the same bit for bit
  const double h = x_[i + 1] - x_[i], A = (x_[i + 1] - t) / h, B = (t - x_[i]) / h;
  value = A * y_[i] + B * y_[i + 1] + ((A * A * A - A) * m_[i] + (B * B * B - B) * m_[i + 1]) * h * h / 6;
  derivative = (y_[i + 1] - y_[i]) / h - (3 * A * A - 1) * h * m_[i] / 6 + (3 * B * B - 1) * h * m_[i + 1] / 6;
}

double CubicSpline::second_derivative(double t) const {
  const std::size_t i = segment(t);
  const double h = x_[i + 1] - x_[i], A = (x_[i + 1] - t) / h, B = (t - x_[i]) / h;
  return A * m_[i] + B * m_[i + 1];
}

}  // namespace patella
