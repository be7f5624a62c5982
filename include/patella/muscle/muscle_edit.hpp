#pragma once
/// What-if edits of one muscle (PHYSICS.md 8), applied on top of its .osim parameters.
///
/// Taut band (myofascial trigger point): a fraction f of the fibres is held in contracture c
/// (their resting length shortened by c) and is s times stiffer than the surrounding muscle
/// (about 2: shear stiffness 11.5 vs 5.8 kPa by MR elastography, Chen et al. 2016). The band adds
/// passive force and gives no active force:
///   P_band = f F0 s f_PE(l_M / (l_opt (1 - c))) cos(alpha),   A -> (1 - f) A
/// Release by a fraction r (1 = band gone) scales f and c by (1 - r).
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

/// The band's own passive force along the tendon at a state [N].
double taut_band_force(const RigidTendonState& state, const MillardCurves& curves,
                       const RigidTendonMuscleParams& params, const MuscleEdit& edit);

}  // namespace patella
