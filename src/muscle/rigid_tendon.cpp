// Rigid-tendon Millard2012EquilibriumMuscle. Follows opensim-core:
//   OpenSim/Actuators/MuscleFixedWidthPennationModel.cpp (extendFinalizeFromProperties,
//     calcFiberLength, calcPennationAngle, calcFiberVelocity)
//   OpenSim/Actuators/Millard2012EquilibriumMuscle.cpp (extendFinalizeFromProperties: minimum
//     fibre length; calcMuscleLengthInfo, calcFiberVelocityInfo, calcMuscleDynamicsInfo with
//     ignore_tendon_compliance; isFiberStateClamped; clampFiberLength)
// SI units: m, m/s, N, rad.
#include "patella/muscle/rigid_tendon.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "patella/core/error.hpp"

namespace patella {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();  // SimTK::Eps
const double kSignificantReal = std::pow(kEps, 7.0 / 8.0);       // SimTK::SignificantReal
constexpr double kHalfPi = 1.57079632679489661923;

/// The pennation model's own minimum fibre length [m] (MuscleFixedWidthPennationModel).
double pennation_minimum_fiber_length(const RigidTendonMuscleParams& p) {
  const double h = p.optimal_fiber_length * std::sin(p.pennation_angle_at_optimal);
  return p.maximum_pennation_angle > kSignificantReal ? h / std::sin(p.maximum_pennation_angle)
                                                      : 0.01 * p.optimal_fiber_length;
}

// The last line of defence: the readers refuse these values where they enter (naming file and
// key); a model built in code still gets a project error, not an internal one.
void check(const RigidTendonMuscleParams& p) {
  auto require = [](bool ok, const char* key, double v, const char* range) {
    if (!ok || !std::isfinite(v))
      throw ModelError(std::string("muscle ") + key + " = " + fmt(v) + " must be " + range);
  };
  require(p.optimal_fiber_length > 0.0, "optimal_fiber_length", p.optimal_fiber_length, "> 0 m");
  require(p.tendon_slack_length >= 0.0, "tendon_slack_length", p.tendon_slack_length, ">= 0 m");
  require(p.max_isometric_force >= 0.0, "max_isometric_force", p.max_isometric_force, ">= 0 N");
  require(p.max_contraction_velocity > 0.0, "max_contraction_velocity", p.max_contraction_velocity,
          "> 0 l_opt/s");
  // MuscleFixedWidthPennationModel::extendFinalizeFromProperties ranges.
  if (!(p.pennation_angle_at_optimal >= 0.0 &&
        p.pennation_angle_at_optimal <= kHalfPi - kSignificantReal))
    throw ModelError("muscle pennation_angle_at_optimal = " + fmt(p.pennation_angle_at_optimal) +
                     " rad must be in [0, pi/2)");
  if (!(p.maximum_pennation_angle >= 0.0 && p.maximum_pennation_angle <= kHalfPi))
    throw ModelError("muscle maximum_pennation_angle = " + fmt(p.maximum_pennation_angle) +
                     " rad must be in [0, pi/2]");
}

}  // namespace

double rigid_tendon_minimum_fiber_length(const MillardCurves& curves,
                                         const RigidTendonMuscleParams& p) {
  const double min_active = curves.active_force_length.domain_min() * p.optimal_fiber_length;
  return std::max(kSignificantReal, std::max(min_active, pennation_minimum_fiber_length(p)));
}

RigidTendonState rigid_tendon_state(const MillardCurves& curves, double lMT, double vMT,
                                    const RigidTendonMuscleParams& p) {
  check(p);
  if (!std::isfinite(lMT) || !std::isfinite(vMT))
    throw SimulationError("musculotendon length " + fmt(lMT) + " m or velocity " + fmt(vMT) +
                          " m/s is not finite");

  const double lopt = p.optimal_fiber_length;
  const double alpha0 = p.pennation_angle_at_optimal;
  const double alpha_max = p.maximum_pennation_angle;
  const double h = lopt * std::sin(alpha0);  // parallelogram height, constant [m]
  const double pen_min = pennation_minimum_fiber_length(p);
  const double pen_min_along_tendon = pen_min * std::cos(alpha_max);
  const double min_length = rigid_tendon_minimum_fiber_length(curves, p);

  RigidTendonState st;

  // Fibre length: MuscleFixedWidthPennationModel::calcFiberLength(lMT, lTs), then
  // Millard2012EquilibriumMuscle::clampFiberLength.
  const double l_along = lMT - p.tendon_slack_length;
  double lM = l_along >= pen_min_along_tendon ? std::sqrt(h * h + l_along * l_along) : pen_min;
  lM = std::max(lM, min_length);
  st.fiber_length = lM;
  st.norm_fiber_length = lM / lopt;

  // Pennation: MuscleFixedWidthPennationModel::calcPennationAngle.
  double alpha = 0.0;
  if (alpha0 > kEps) {
    if (lM > pen_min) {
      const double sin_alpha = h / lM;
      alpha = sin_alpha < std::sin(alpha_max) ? std::asin(sin_alpha) : alpha_max;
    } else {
      alpha = alpha_max;
    }
  }
  const double cos_alpha = std::cos(alpha);
  st.cos_pennation = cos_alpha;

  // Fibre velocity: zero while the tendon buckles (the fibre cannot shorten enough), else
  // MuscleFixedWidthPennationModel::calcFiberVelocity(cos, vMT, 0) = vMT cos(alpha).
  const double tendon_length = lMT - lM * cos_alpha;
  const bool buckling = tendon_length < p.tendon_slack_length - kSignificantReal;
  const double vM = buckling ? 0.0 : vMT * cos_alpha;
  const double v_scale = lopt * p.max_contraction_velocity;

  // isFiberStateClamped: at the minimum length and not lengthening -> no fibre force at all.
  st.fiber_clamped = (lM <= min_length && vM <= 0.0) || lM < min_length;
  if (st.fiber_clamped) return st;  // norm_fiber_velocity 0, A = P = 0 (calcMuscleDynamicsInfo)

  st.norm_fiber_velocity = vM / v_scale;
  const auto fl = curves.active_force_length.evaluate(st.norm_fiber_length);
  const auto fv = curves.force_velocity.evaluate(st.norm_fiber_velocity);
  const auto fpe = curves.fiber_force_length.evaluate(st.norm_fiber_length);
  const double F0 = p.max_isometric_force;
  st.active_coeff = F0 * fl.value * fv.value * cos_alpha;
  st.passive_force = F0 * fpe.value * cos_alpha;

  // Unclamped implies the geometric branch lM = sqrt(h^2 + (lMT - lTs)^2), alpha = asin(h / lM):
  // dlM/dlMT = (lMT - lTs) / lM = cos(alpha), dcos/dlMT = h^2 / lM^3 (0 if OpenSim fixes alpha = 0).
  const double dlM = l_along / lM;
  const double dcos = alpha0 > kEps ? h * h / (lM * lM * lM) : 0.0;
  const double dlN = dlM / lopt;
  const double dvN = vMT * dcos / v_scale;
  st.d_active_coeff_d_length =
      F0 * (fl.derivative * dlN * fv.value * cos_alpha + fl.value * fv.derivative * dvN * cos_alpha +
            fl.value * fv.value * dcos);
  st.d_passive_force_d_length = F0 * (fpe.derivative * dlN * cos_alpha + fpe.value * dcos);
  return st;
}

}  // namespace patella
