#include "patella/mechanics/ligament.hpp"

namespace patella {

double blankevoort_force(const BlankevoortParams& p, double length) {
  const double e = (length - p.slack_length) / p.slack_length;
  if (e <= 0.0) return 0.0;
  if (e < p.transition_strain) return p.linear_stiffness * e * e / (2.0 * p.transition_strain);
  return p.linear_stiffness * (e - p.transition_strain / 2.0);
}

double blankevoort_stiffness(const BlankevoortParams& p, double length) {
  const double e = (length - p.slack_length) / p.slack_length;
  if (e <= 0.0) return 0.0;
  if (e < p.transition_strain) return p.linear_stiffness * e / p.transition_strain / p.slack_length;
  return p.linear_stiffness / p.slack_length;
}

}  // namespace patella
