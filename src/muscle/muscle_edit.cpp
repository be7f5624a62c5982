#include "patella/muscle/muscle_edit.hpp"

namespace patella {

TautBand released(const MuscleEdit& e) {
  TautBand b = e.taut_band;
  b.fraction *= 1.0 - e.release;
  b.contracture *= 1.0 - e.release;
  return b;
}

double taut_band_force(const RigidTendonState& s, const MillardCurves& curves,
                       const RigidTendonMuscleParams& p, const MuscleEdit& e) {
  const TautBand b = released(e);
  if (b.fraction <= 0.0) return 0.0;
  // the band's fibres rest at l_opt (1 - c): at the same fibre length they are stretched more
  const double stretch = s.norm_fiber_length / (1.0 - b.contracture);
  return b.fraction * p.max_isometric_force * b.stiffness_ratio *
         curves.fiber_force_length.value(stretch) * s.cos_pennation;
}

double taut_band_active_coeff(const RigidTendonState& s, const MillardCurves& curves,
                              const RigidTendonMuscleParams& p, const MuscleEdit& e) {
  const TautBand b = released(e);
  if (b.fraction <= 0.0 || s.fiber_clamped) return 0.0;
  // the band's fibres rest at l_opt (1 - c): lengths and velocities normalised by that
  const double ls = 1.0 - b.contracture;
  return b.fraction * p.max_isometric_force * curves.active_force_length.value(s.norm_fiber_length / ls) *
         curves.force_velocity.value(s.norm_fiber_velocity / ls) * s.cos_pennation;
}

RigidTendonState apply_muscle_edit(const RigidTendonState& s, const MillardCurves& curves,
                                   const RigidTendonMuscleParams& p, const MuscleEdit& e) {
  RigidTendonState out = s;
  const TautBand b = released(e);
  double passive = s.passive_force;
  if (e.passive_curve_shift != 0.0 && !s.fiber_clamped)
    passive = p.max_isometric_force *
              curves.fiber_force_length.value(s.norm_fiber_length + e.passive_curve_shift) *
              s.cos_pennation;
  const double Ab = taut_band_active_coeff(s, curves, p, e);
  const double at = b.fraction > 0.0 ? b.tonic_activation : 0.0;
  out.active_coeff = e.strength_scale * ((1.0 - b.fraction) * s.active_coeff + (1.0 - at) * Ab);
  out.passive_force = e.strength_scale * ((1.0 - b.fraction) * passive + at * Ab) +
                      taut_band_force(s, curves, p, e);
  return out;
}

RigidTendonMuscleParams tightened_params(const RigidTendonMuscleParams& p, const MuscleEdit& e) {
  RigidTendonMuscleParams out = p;
  out.tendon_slack_length *= 1.0 + e.tendon_slack_change;
  return out;
}

}  // namespace patella
