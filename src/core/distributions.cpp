#include "patella/core/distributions.hpp"

#include <cmath>
#include <algorithm>
#include <stdexcept>
#include <string>

namespace patella {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double normal_quantile(double u) {
  if (!(u >= 0.0 && u <= 1.0)) throw std::invalid_argument("normal quantile of " + std::to_string(u));
  if (u == 0.0) return -std::numeric_limits<double>::infinity();
  if (u == 1.0) return std::numeric_limits<double>::infinity();
  if (u > 0.5) return -normal_quantile(1.0 - u);
  if (u == 0.5) return 0.0;
  // lower tail: Abramowitz and Stegun 26.2.23 for the start
  const double t = std::sqrt(-2.0 * std::log(u));
  double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
  // Halley: e = (Phi(x) - u) / phi(x); x -= e / (1 + x e / 2) (phi' = -x phi)
  const double inv_sqrt_2pi = 1.0 / std::sqrt(2.0 * std::acos(-1.0));
  for (int it = 0; it < 4; ++it) {
    const double pdf = inv_sqrt_2pi * std::exp(-0.5 * x * x);
    if (!(pdf > 0.0)) break;
    const double e = (normal_cdf(x) - u) / pdf;
    const double step = e / (1.0 + 0.5 * x * e);
    x -= step;
    if (std::abs(step) <= 1e-15 * std::abs(x)) break;
  }
  return x;
}

std::string kind_name(Distribution::Kind kind) {
  switch (kind) {
    case Distribution::Kind::Uniform: return "uniform";
    case Distribution::Kind::Normal: return "normal";
    case Distribution::Kind::LogNormal: return "lognormal";
  }
  return "";
}

double quantile(const Distribution& d, double u) {
  if (!(u >= 0.0 && u <= 1.0)) throw std::invalid_argument("quantile at " + std::to_string(u) + ", outside [0, 1]");
  switch (d.kind) {
    case Distribution::Kind::Uniform:
      if (!(d.b > d.a) || !std::isfinite(d.a) || !std::isfinite(d.b))
        throw std::invalid_argument("uniform distribution from " + std::to_string(d.a) + " to " + std::to_string(d.b));
      return d.a + u * (d.b - d.a);
    case Distribution::Kind::Normal:
    case Distribution::Kind::LogNormal: {
      const bool log = d.kind == Distribution::Kind::LogNormal;
      if (!(d.b > 0.0) || !std::isfinite(d.a) || !std::isfinite(d.b) || (log && !(d.a > 0.0)))
        throw std::invalid_argument(kind_name(d.kind) + " distribution with " + (log ? "median " : "mean ") +
                                    std::to_string(d.a) + " and spread " + std::to_string(d.b));
      // the truncation in standard-normal units, then u spread over the mass left
      const double centre = log ? std::log(d.a) : d.a;
      auto z_of = [&](double x) {
        if (log) return x <= 0.0 ? -std::numeric_limits<double>::infinity() : (std::log(x) - centre) / d.b;
        return (x - centre) / d.b;
      };
      const double lo = normal_cdf(z_of(d.low)), hi = normal_cdf(z_of(d.high));
      if (!(hi > lo))
        throw std::invalid_argument(kind_name(d.kind) + " distribution truncated to [" + std::to_string(d.low) + ", " +
                                    std::to_string(d.high) + "], where it has no mass");
      const double z = normal_quantile(lo + u * (hi - lo));
      double x = centre + d.b * z;
      if (log) x = std::exp(x);
      // rounding must not step outside the truncation
      x = std::min(std::max(x, d.low), d.high);
      if (!std::isfinite(x))
        throw std::invalid_argument(kind_name(d.kind) + " distribution at quantile " + std::to_string(u) +
                                    ": unbounded there without a truncation");
      return x;
    }
  }
  throw std::invalid_argument("unknown distribution");
}

}  // namespace patella
