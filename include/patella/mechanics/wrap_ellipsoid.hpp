#pragma once
/// Wrapping of a straight path segment over an OpenSim WrapEllipsoid (and WrapSphere, which is the
/// case of equal radii). Frames: everything in one frame F; the surface pose is X_FW and the
/// ellipsoid's semi-axes are along W's X, Y, Z.
///
/// Method (a documented approximation, not the exact geodesic): in W the ellipsoid is mapped to the
/// unit sphere by the affine map x' = diag(1/radii) x. There, in any plane through a' and b', the
/// path is analytic: the tangent lines from a' and from b' to the circle in which the plane cuts the
/// sphere, joined by the arc of that circle on one side of the line a'b'. Affine maps keep straight
/// lines straight, planes plane and tangency, so mapping back gives a planar, tangent-continuous
/// path over the ellipsoid: straight line a -> tangent point, an arc of the plane's elliptic section,
/// tangent point -> b. Its length is computed in the real (unscaled) space: the straight parts
/// exactly, the elliptic arc by composite 10-point Gauss-Legendre quadrature (error < 1e-10 m).
/// The plane is chosen to minimise that real length over its angle about the line a-b (16 samples,
/// the first being the central plane through the ellipsoid's centre, then Newton's method or a
/// golden-section search about the best).
///  - For a sphere the best plane is the central one: the exact shortest (great-circle) path.
///  - For an ellipsoid the true geodesic is generally not planar, so the path is never shorter
///    than the shortest path and slightly longer: measured 3e-8 .. 7e-7 m over ~0.11 m paths for
///    radii (0.03, 0.02, 0.025) m. The central plane alone (the plain sphere-map construction) was
///    up to 2.5e-3 m too long for segments passing near the centre, hence the plane search.
///  - Cost: the search's 16 samples and about 8 planes of Newton's method from the parabola through
///    the best sample and its neighbours (the golden section's 35 where Newton fails or a quadrant
///    constrains the plane), about 7 from a nearby plane (`psi`); a plane takes two arctangents and
///    seven sines and cosines (the tangent points are algebraic, the quadrature's nodes
///    symmetric), none when not wrapped.
///
/// Decision rules (following OpenSim's WrapEllipsoid::wrapLine, see the .cpp for details):
///  - no wrap if an end point is inside the ellipsoid (OpenSim tolerance: sum (x_i/r_i)^2 - 1 <
///    -1e-4); an end within that tolerance of the surface is treated as lying on it;
///  - no wrap unless the straight segment a-b passes through the ellipsoid (both intersections of
///    the line with the surface strictly between a and b) - a quadrant never creates a wrap on
///    its own (unlike WrapCylinder);
///  - with a quadrant ("x", "+x", "-x", "y", ..., "-z"; also upper case), if the shortest path's
///    arc midpoint lies on the forbidden half (sign of the W coordinate along the quadrant axis),
///    it is mirrored to the active half and the path goes round the plane through a, b and that
///    mirrored point on its side (OpenSim's c1 flip: a "far-side" wrap, longer, and the length
///    jumps where the rule switches, as in OpenSim). "all" (or "" / "Unassigned"): unconstrained.
#include <string>

#include "patella/core/types.hpp"

namespace patella {

struct EllipsoidWrapResult {
  bool wrapped = false;  ///< the path touches the surface
  Vec3 tangent_a;        ///< where the path meets the surface nearest a, in F (= b if not wrapped) [m]
  Vec3 tangent_b;        ///< where the path meets the surface nearest b, in F (= a if not wrapped) [m]
  double length = 0.0;   ///< total path length a..b [m]
};

/// Path from point a to point b (in F) over the ellipsoid with semi-axes `radii` (> 0, along W's
/// axes) and pose X_FW. `quadrant` as in OpenSim's WrapObject; throws std::invalid_argument for an
/// unknown quadrant or non-positive radii.
/// `psi`, when given, carries the wrap plane's angle about the line a-b: in, that of a nearby
/// configuration (NaN: none), from which Newton's method on the length finds this one's in about
/// 7 plane evaluations instead of the search's 50 (the search runs when that fails); out, the
/// plane chosen by the unconstrained search or that refinement, NaN when there is none (no wrap,
/// or the quadrant rule chose the plane).
EllipsoidWrapResult wrap_ellipsoid(const Vec3& a, const Vec3& b, const Transform& X_FW,
                                   const Vec3& radii, const std::string& quadrant,
                                   double* psi = nullptr);

}  // namespace patella
