#pragma once
/// Thelen 2003 muscle curves (Thelen DG, "Adjustment of muscle mechanics model parameters to
/// simulate dynamic contractions in older adults", J Biomech Eng 125(1):70-77, 2003), with the
/// paper's young-adult parameters. x is the normalised fibre length l_M / l_opt; y is a force / F0.
///   active force-length   f_L  = exp(-(x - 1)^2 / gamma),                      gamma = 0.45
///   passive fibre force   f_PE = (exp(k_PE (x - 1) / eps0) - 1) / (exp(k_PE) - 1),
///                                                                  k_PE = 4, eps0 = 0.6
/// f_PE is taken as 0 for x <= 1: the paper's formula turns negative there, and a slack fibre
/// pushes nothing.
/// patella's own muscles use the Millard 2012 curves (millard_curves.hpp); these serve the
/// validation, which turns a reference simulation's activations and fibre lengths into forces.
namespace patella {

inline constexpr double kThelenGamma = 0.45;         ///< shape of the active force-length curve
inline constexpr double kThelenKpe = 4.0;            ///< exponential shape of the passive curve
inline constexpr double kThelenStrainAtOneNorm = 0.6;///< passive strain at F0 (eps0 in the paper)

/// Active force-length multiplier f_L(l_M / l_opt) [-].
double thelen_active_force_length(double norm_fiber_length);

/// Passive fibre force f_PE(l_M / l_opt) / F0 [-]; 0 for a fibre at or below optimal length.
double thelen_passive_force_length(double norm_fiber_length);

/// Isometric tendon force [N] of a rigid-tendon muscle with these curves (no force-velocity
/// term): F = F0 (a f_L + f_PE) cos(alpha), with the constant-thickness pennation
/// l_M sin(alpha) = l_opt sin(alpha0) (sin(alpha) capped at 0.99 so a very short fibre stays
/// finite). activation is used as given (clamp it first if the muscle model does).
double thelen_isometric_tendon_force(double activation, double max_isometric_force,
                                     double fiber_length, double optimal_fiber_length,
                                     double pennation_angle_at_optimal);

}  // namespace patella
