#pragma once
/// Muscle paths of the leg: PathPoints on the leg bodies, wrapped over the model's WrapCylinder,
/// WrapEllipsoid and WrapSphere surfaces. Each straight span between consecutive path points is
/// tested against the path's wrap objects in the file's order and wrapped over the first one it
/// crosses (OpenSim applies its PathWrapSet the same way when, as in lenhart2015.osim, no wrap
/// sets a point range).
///
/// Moment arms follow OpenSim's definition r = -dl/dq (central differences of the path length).
/// path_generalized_force() gives the same numbers a second way, from the tension's forces on
/// the bodies (virtual work); the tests require the two to agree.
#include <array>
#include <string>
#include <vector>

#include "patella/model/leg.hpp"

namespace patella {

/// The path at one pose: its length and the points the tension acts at (path points and the
/// tangent points where it meets and leaves a wrap surface, each fixed to a body).
struct PathGeometry {
  double length = 0.0;           ///< [m]
  std::vector<Vec3> points_G;    ///< in ground [m]
  std::vector<int> bodies;       ///< LegBody each point is attached to
  std::vector<char> arc_to_next; ///< point k and k+1 are a wrap's tangent points (an arc between)
  int wrapped_spans = 0;
  /// the ellipsoid wraps' planes (wrap_ellipsoid's psi), one per ellipsoid wrap tried, in order,
  /// with the span's path point k and the wrap's index (k * 1024 + wrap) as their key
  std::vector<int> plane_key;
  std::vector<double> plane_psi;  ///< [rad], NaN where none
};

/// The path at coordinates q with body poses X (= leg_poses at q). With `near`, a path of the
/// same muscle evaluated at a nearby configuration (a difference's centre), each ellipsoid wrap
/// starts its plane from that path's (wrap_ellipsoid's psi).
void evaluate_path(const std::vector<LegWrap>& wraps, const LegPath& path, const LegPoses& X,
                   const LegQ& q, PathGeometry& out, const PathGeometry* near = nullptr);

/// Generalized forces of a unit tension along the path, for each dof: sum over the path points of
/// the point's net unit force dotted with its velocity per unit dq (poses X_plus/X_minus at
/// q +/- h for that dof). Equals -dl/dq when the path is a shortest path over points fixed in
/// their bodies (not for MovingPathPoints, whose motion in the body it does not see).
double path_generalized_force(const PathGeometry& geometry, const LegPoses& X,
                              const LegPoses& X_plus, const LegPoses& X_minus, double h);

}  // namespace patella
