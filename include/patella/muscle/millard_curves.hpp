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

#include "patella/model/muscle_params.hpp"

namespace patella {




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
