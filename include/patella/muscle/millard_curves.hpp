#pragma once
/// OpenSim 4's Millard2012EquilibriumMuscle curves, built exactly as OpenSim builds them: each
/// curve is a chain of quintic Bezier "corner" segments (SmoothSegmentedFunctionFactory), linear
/// outside its domain (SmoothSegmentedFunction). Sources (opensim-core, OpenSim 4.x):
///   OpenSim/Common/SmoothSegmentedFunctionFactory.cpp   curve construction, curviness mapping
///   OpenSim/Common/SegmentedQuinticBezierToolkit.cpp    corner control points, Bezier evaluation
///   OpenSim/Common/SmoothSegmentedFunction.cpp          segment lookup, linear extrapolation
///   OpenSim/Actuators/ActiveForceLengthCurve.cpp        defaults, factory arguments
///   OpenSim/Actuators/ForceVelocityCurve.cpp            defaults, factory arguments
///   OpenSim/Actuators/FiberForceLengthCurve.cpp         defaults, "fitted" optional properties
///   OpenSim/Actuators/TendonForceLengthCurve.cpp        defaults, "fitted" optional properties
/// All curves are dimensionless: x is a normalised length (l / l_opt, l / l_slack) or a
/// normalised fibre velocity (v / (l_opt v_max), lengthening positive); y is a force / F0.
///
/// Difference from OpenSim: OpenSim finds the Bezier parameter u(x) from a cubic-spline guess
/// followed by Newton iteration to |x(u) - x| <= 100 eps; here a safeguarded Newton-bisection
/// solve reaches the same root (to round-off), without the spline.
#include <array>
#include <limits>
#include <vector>

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

/// A SmoothSegmentedFunction: quintic Bezier segments (x_i(u), y_i(u)), u in [0, 1], joined end
/// to end over [x0, x1]; outside, the straight lines y0 + dydx0 (x - x0) and y1 + dydx1 (x - x1).
/// Immutable after construction. A default-constructed curve is the zero function.
class SmoothSegmentedCurve {
 public:
  using Points = std::array<double, 6>;  ///< the six control points of one quintic segment

  SmoothSegmentedCurve() = default;
  /// Segments must join (x5 of one = x0 of the next) and have non-decreasing x control points.
  /// Throws std::invalid_argument otherwise.
  SmoothSegmentedCurve(std::vector<Points> ctrl_x, std::vector<Points> ctrl_y, double x0,
                       double x1, double y0, double y1, double dydx0, double dydx1);

  struct ValueSlope {
    double value;       ///< y(x)
    double derivative;  ///< dy/dx
  };
  /// y(x) and dy/dx together (one solve for the Bezier parameter).
  ValueSlope evaluate(double x) const;
  double value(double x) const { return evaluate(x).value; }
  double derivative(double x) const { return evaluate(x).derivative; }

  double domain_min() const { return x0_; }  ///< start of the Bezier part
  double domain_max() const { return x1_; }  ///< end of the Bezier part
  const std::vector<Points>& control_x() const { return ctrl_x_; }
  const std::vector<Points>& control_y() const { return ctrl_y_; }

 private:
  std::vector<Points> ctrl_x_, ctrl_y_;
  double x0_ = 0.0, x1_ = 0.0, y0_ = 0.0, y1_ = 0.0, dydx0_ = 0.0, dydx1_ = 0.0;
};

/// The four curves of one Millard2012EquilibriumMuscle.
struct MillardCurves {
  SmoothSegmentedCurve active_force_length;  ///< f_L(l_M / l_opt)
  SmoothSegmentedCurve force_velocity;       ///< f_V(v_M / (l_opt v_max))
  SmoothSegmentedCurve fiber_force_length;   ///< f_PE(l_M / l_opt)
  SmoothSegmentedCurve tendon_force_length;  ///< f_T(l_T / l_slack)
};

/// The parameter updates Millard2012EquilibriumMuscle::extendFinalizeFromProperties makes
/// before it builds its curves (opensim-core master; not in every OpenSim 4 release):
/// - damped model (fiber_damping >= 0.001; OpenSim's default is 0.1) or rigid tendon
///   (classic_hill = false): minimum_value, concentric_slope_at_vmax and
///   eccentric_slope_at_vmax are lowered to 0 if positive;
/// - classic Hill model with an elastic tendon and no damping (classic_hill = true):
///   minimum_value is raised to 0.1, each slope_at_vmax to at least half its slope_near_vmax.
/// build_millard_curves does not call this; the Lenhart 2015 values need no update either way
/// for the damped model (minimum_value 0, slopes at vmax 0).
MillardCurveParams millard_adjusted_params(MillardCurveParams params, bool classic_hill);

/// Builds the four curves as OpenSim does from these properties (fitted values for unset
/// optional ones). Throws patella::ModelError naming the curve and property when OpenSim would
/// reject the values.
MillardCurves build_millard_curves(const MillardCurveParams& params);

// ---- SmoothSegmentedFunctionFactory, one function per OpenSim factory method ------------------

/// SmoothSegmentedFunctionFactory::scaleCurviness: c = 0.1 + 0.8 curviness.
inline double millard_scale_curviness(double curviness) { return 0.1 + 0.8 * curviness; }

/// SegmentedQuinticBezierToolkit::calcQuinticBezierCornerControlPoints: the quintic Bezier from
/// (x0, y0) with slope dydx0 to (x1, y1) with slope dydx1, bending at the intersection of the
/// two lines; c in [0, 1] (already scaled). Returns {x control points, y control points}.
/// Throws patella::ModelError if the lines do not form a 'C'-shaped corner.
std::array<SmoothSegmentedCurve::Points, 2> quintic_bezier_corner(double x0, double y0,
                                                                  double dydx0, double x1,
                                                                  double y1, double dydx1,
                                                                  double c);

/// createFiberActiveForceLengthCurve(x0, x1, x2, x3, ylow, dydx, curviness): ActiveForceLength-
/// Curve calls it with (min active, transition, 1.0, max active, minimum_value,
/// shallow_ascending_slope, curviness 1.0).
SmoothSegmentedCurve make_active_force_length_curve(double x0, double x1, double x2, double x3,
                                                    double ylow, double dydx, double curviness);
/// createFiberForceVelocityCurve(fmaxE, dydxC, dydxNearC, dydxIso, dydxE, dydxNearE,
/// concCurviness, eccCurviness).
SmoothSegmentedCurve make_force_velocity_curve(double fmax_ecc, double dydx_conc,
                                               double dydx_near_conc, double dydx_iso,
                                               double dydx_ecc, double dydx_near_ecc,
                                               double conc_curviness, double ecc_curviness);
/// createFiberForceLengthCurve(eZero, eIso, kLow, kIso, curviness).
SmoothSegmentedCurve make_fiber_force_length_curve(double e_zero, double e_iso, double k_low,
                                                   double k_iso, double curviness);
/// createTendonForceLengthCurve(eIso, kIso, fToe, curviness).
SmoothSegmentedCurve make_tendon_force_length_curve(double e_iso, double k_iso, double f_toe,
                                                    double curviness);

}  // namespace patella
