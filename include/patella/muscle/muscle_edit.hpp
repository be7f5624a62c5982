#pragma once
/// What-if edits of one muscle (PHYSICS.md 8), applied on top of its .osim parameters.
///
/// Taut band (myofascial trigger point) as a contracture (PHYSICS.md 8): a fraction f of the
/// fibres is held shortened by c, so their resting (optimal) length is l_s = l_opt (1 - c); they
/// are s times stiffer than the surrounding muscle (about 2: shear stiffness 11.5 vs 5.8 kPa by
/// MR elastography, Chen et al. 2016) and they hold a sustained activation a_t that the
/// muscle-force solver cannot remove. With A, P the muscle's rigid-tendon split (F = a A + P):
///   A_b    = f F0 f_L(l_M / l_s) f_V(v_M / (l_s v_max)) cos(alpha)   the band fibres' capacity
///   P_band = f F0 s f_PE(l_M / l_s) cos(alpha)                        their stiffened passive force
///   F = (1 - f)(a A + P) + (a_t + (1 - a_t) a) A_b + P_band
/// so A -> (1 - f) A + (1 - a_t) A_b and P -> (1 - f) P + a_t A_b + P_band: the band carries
/// tension at resting length (a_t A_b) and more as the muscle lengthens (P_band), and its fibres
/// work on a shorter force-length curve. Release by a fraction r (1 = band gone) scales f and c
/// by (1 - r).
/// Weakness scales F0 (active and passive), `strength_scale`.
///
/// Passive tightness (a stiff, shortened muscle without a discrete band), two forms:
///   curve shift s: the passive force-length curve starts s l_opt earlier,
///     P = F0 f_PE(l_M / l_opt + s) cos(alpha);
///   tendon slack change d: l_Ts -> (1 + d) l_Ts (d < 0 tightens). With a rigid tendon the fibre
///     takes what the tendon gives up, so both the passive and the active force-length operating
///     points move (applied to the muscle's parameters, see tightened_params).
#include "patella/model/muscle_params.hpp"
#include "patella/muscle/rigid_tendon.hpp"

namespace patella {



/// The muscle's parameters with the edit's tendon slack change applied.
RigidTendonMuscleParams tightened_params(const RigidTendonMuscleParams& params,
                                         const MuscleEdit& edit);

/// The band after release: f and c scaled by (1 - r).
TautBand released(const MuscleEdit& edit);

/// Applies an edit to the rigid-tendon force split F = a A + P of a muscle (state from
/// rigid_tendon_state). Returns the edited state; A and P along the tendon [N].
RigidTendonState apply_muscle_edit(const RigidTendonState& state, const MillardCurves& curves,
                                   const RigidTendonMuscleParams& params, const MuscleEdit& edit);

/// The band fibres' active capacity A_b along the tendon at a state [N per unit activation].
double taut_band_active_coeff(const RigidTendonState& state, const MillardCurves& curves,
                              const RigidTendonMuscleParams& params, const MuscleEdit& edit);

/// The band's own passive force P_band along the tendon at a state [N].
double taut_band_force(const RigidTendonState& state, const MillardCurves& curves,
                       const RigidTendonMuscleParams& params, const MuscleEdit& edit);

}  // namespace patella
