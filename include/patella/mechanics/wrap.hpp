#pragma once
/// Wrapping of a straight path segment over an OpenSim WrapCylinder (infinite-length treatment of
/// the cylinder's cross-section, helical arc along its axis), and an intersection test for
/// WrapEllipsoid. Frames: everything in one frame F; the surface pose is X_FW (axis = W's Z).
#include "patella/core/types.hpp"

namespace patella {

struct CylinderWrapResult {
  bool wrapped = false;     ///< the segment crossed the cylinder and was wrapped
  Vec3 tangent_from_a;      ///< where the path leaves/reaches the surface nearest point a, in F
                            ///< (equal to b when not wrapped) [m]
  Vec3 tangent_from_b;      ///< where the path leaves the surface toward b (a when not wrapped)
  double length = 0.0;      ///< total path length a..b [m]
};

/// Path from point a to point b (in F) around a cylinder of radius r with pose X_FW.
/// quadrant: "all", "x", "-x", "y", "-y": the side the path must pass (OpenSim semantics: it
/// wraps when the straight line would cross the cylinder or pass on the forbidden side). An end
/// inside the cylinder is lifted radially onto its surface and the lift added to the length
/// (OpenSim leaves such a path straight, a jump in length where the end crosses the surface).
CylinderWrapResult wrap_cylinder(const Vec3& a, const Vec3& b, const Transform& X_FW, double r,
                                 const std::string& quadrant);

/// True if the segment a-b passes through the ellipsoid with semi-axes `radii` and pose X_FW.
bool segment_hits_ellipsoid(const Vec3& a, const Vec3& b, const Transform& X_FW,
                            const Vec3& radii);

}  // namespace patella
