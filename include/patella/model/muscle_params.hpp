#pragma once
/// Muscle parameters as data: the Millard2012EquilibriumMuscle curve properties of the .osim, the
/// four curves built from them, the rigid-tendon parameters, and the what-if edits (PHYSICS.md 8).
/// The functions over them are in muscle/ (millard_curves, rigid_tendon, muscle_edit).
#include <cmath>
#include <limits>

#include "patella/core/smooth_segmented_curve.hpp"

namespace patella {

/// Marks an optional OpenSim property that is absent from the .osim (OpenSim then uses its
/// "fitted" values, see FiberForceLength and TendonForceLength below).
inline constexpr double kMillardUnset = std::numeric_limits<double>::quiet_NaN();

/// The curve properties of a Millard2012EquilibriumMuscle, grouped as the .osim groups them
/// (child elements ActiveForceLengthCurve, ForceVelocityCurve, FiberForceLengthCurve,
/// TendonForceLengthCurve). Every member starts at OpenSim 4's default (constructProperties()
/// of the class named in the comment).
struct MillardCurveParams {
  /// ActiveForceLengthCurve (x: normalised fibre length l_M / l_opt).
  struct ActiveForceLength {
    /// 0.47 - 0.0259: OpenSim adds 0.0259 for the rounded corner (ActiveForceLengthCurve.cpp).
    double min_norm_active_fiber_length = 0.47 - 0.0259;
    double transition_norm_fiber_length = 0.73;   ///< end of the steep ascending limb
    double max_norm_active_fiber_length = 1.8123; ///< Gollapudi and Lin maximum fibre length
    double shallow_ascending_slope = 0.8616;      ///< slope of the shallow ascending limb
    /// Value outside [min, max] active lengths. OpenSim's class default is 0.1; the damped and
    /// rigid-tendon Millard models reset it to 0 (see millard_adjusted_params); the Lenhart 2015
    /// .osim sets 0 explicitly.
    double minimum_value = 0.1;
  } active_force_length;

  /// ForceVelocityCurve (x: normalised fibre velocity v_M / (l_opt v_max), -1 .. 1).
  struct ForceVelocity {
    double concentric_slope_at_vmax = 0.0;   ///< slope at x = -1
    double concentric_slope_near_vmax = 0.25;///< slope at x = -0.9
    double isometric_slope = 5.0;            ///< slope at x = 0
    double eccentric_slope_at_vmax = 0.0;    ///< slope at x = 1
    double eccentric_slope_near_vmax = 0.15; ///< slope at x = 0.9
    double max_eccentric_velocity_force_multiplier = 1.4;  ///< value at x = 1
    double concentric_curviness = 0.6;       ///< [0, 1]
    double eccentric_curviness = 0.9;        ///< [0, 1]
  } force_velocity;

  /// FiberForceLengthCurve (passive fibre; x: normalised fibre length). The last three are
  /// optional in OpenSim: all three set, or all three unset (NaN) for the fitted values
  /// stiffness_at_low_force 0.2, stiffness_at_one_norm_force 2 / (e1 - e0), curviness 0.75.
  struct FiberForceLength {
    double strain_at_zero_force = 0.0;       ///< e0: force starts at x = 1 + e0
    double strain_at_one_norm_force = 0.7;   ///< e1: force is 1 at x = 1 + e1
    double stiffness_at_low_force = kMillardUnset;      ///< optional
    double stiffness_at_one_norm_force = kMillardUnset; ///< optional
    double curviness = kMillardUnset;                   ///< optional, [0, 1]
  } fiber_force_length;

  /// TendonForceLengthCurve (x: normalised tendon length l_T / l_slack). The last three are
  /// optional: all set, or all unset (NaN) for the fitted values stiffness_at_one_norm_force
  /// 1.375 / e_iso, norm_force_at_toe_end 2/3, curviness 0.5.
  struct TendonForceLength {
    double strain_at_one_norm_force = 0.049; ///< e_iso: force is 1 at x = 1 + e_iso (Maganaris)
    double stiffness_at_one_norm_force = kMillardUnset; ///< optional
    double norm_force_at_toe_end = kMillardUnset;       ///< optional, (0, 1)
    double curviness = kMillardUnset;                   ///< optional, [0, 1]
  } tendon_force_length;
};

/// The four curves of one Millard2012EquilibriumMuscle.
struct MillardCurves {
  SmoothSegmentedCurve active_force_length;  ///< f_L(l_M / l_opt)
  SmoothSegmentedCurve force_velocity;       ///< f_V(v_M / (l_opt v_max))
  SmoothSegmentedCurve fiber_force_length;   ///< f_PE(l_M / l_opt)
  SmoothSegmentedCurve tendon_force_length;  ///< f_T(l_T / l_slack)
};

/// The musculotendon properties of one Millard2012EquilibriumMuscle.
struct RigidTendonMuscleParams {
  double max_isometric_force = 0.0;         ///< F0 [N]
  double optimal_fiber_length = 0.0;        ///< l_opt [m], > 0
  double tendon_slack_length = 0.0;         ///< l_Ts [m], >= 0
  double pennation_angle_at_optimal = 0.0;  ///< alpha0 [rad], [0, pi/2)
  double max_contraction_velocity = 10.0;   ///< v_max [l_opt/s], OpenSim default 10
  /// [rad]; OpenSim's Millard2012EquilibriumMuscle default acos(0.1) (about 84.3 deg).
  double maximum_pennation_angle = std::acos(0.1);
};

struct TautBand {
  double fraction = 0.0;         ///< f, share of the fibres in the band [-], 0..1
  double contracture = 0.0;      ///< c, relative shortening of their resting length [-], 0..<1
  double stiffness_ratio = 2.0;  ///< s, band / surrounding muscle stiffness [-] (Chen 2016)
  /// a_t, the band fibres' sustained activation [-], 0..<1: their activation is
  /// a_t + (1 - a_t) a, a floor the muscle-force solver cannot remove (muscle/muscle_edit.hpp)
  double tonic_activation = 0.0;
};

struct MuscleEdit {
  double strength_scale = 1.0;   ///< F0 multiplier [-] (weakness < 1)
  TautBand taut_band;
  double release = 0.0;          ///< r, release of the band [-], 0..1
  double passive_curve_shift = 0.0;   ///< s [-] (fraction of l_opt), >= 0 tightens
  double tendon_slack_change = 0.0;   ///< d [-], relative change of l_Ts, < 0 tightens
};

}  // namespace patella
