// Thelen 2003 curves (see the header for the source and parameters).
#include "patella/muscle/thelen_curves.hpp"

#include <algorithm>
#include <cmath>

namespace patella {

double thelen_active_force_length(double l) {
  return std::exp(-(l - 1) * (l - 1) / kThelenGamma);
}

double thelen_passive_force_length(double l) {
  return l > 1 ? (std::exp(kThelenKpe * (l - 1) / kThelenStrainAtOneNorm) - 1) /
                     (std::exp(kThelenKpe) - 1)
               : 0.0;
}

double thelen_isometric_tendon_force(double a, double F0, double lM, double lM0, double alpha0) {
  const double l = lM / lM0;
  const double sin_a = std::min(0.99, lM0 * std::sin(alpha0) / lM);
  return F0 * (a * thelen_active_force_length(l) + thelen_passive_force_length(l)) *
         std::sqrt(1 - sin_a * sin_a);
}

}  // namespace patella
