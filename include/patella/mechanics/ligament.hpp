#pragma once
/// Blankevoort 1991 ligament (Blankevoort & Huiskes 1991, J Biomech Eng 113:263), as OpenSim's
/// Blankevoort1991Ligament:
///   strain e = (l - l0) / l0
///   F = 0                          e <= 0
///   F = k e^2 / (2 e_t)            0 < e < e_t      (toe region)
///   F = k (e - e_t / 2)            e >= e_t         (linear region)
/// k: linear_stiffness [N per unit strain], l0: slack_length [m], e_t: transition_strain [-].
/// Damping (damping_coefficient * k * strain rate) vanishes in quasi-static equilibrium.
#include "patella/model/ligament_params.hpp"

namespace patella {

/// Tension [N] at length l [m]; continuous with continuous first derivative.
double blankevoort_force(const BlankevoortParams& p, double length);
/// dF/dl [N/m].
double blankevoort_stiffness(const BlankevoortParams& p, double length);

}  // namespace patella
