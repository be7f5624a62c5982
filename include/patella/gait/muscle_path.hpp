#pragma once
/// Muscle paths of the leg: PathPoints on the leg bodies, wrapped over the model's WrapCylinder,
/// WrapEllipsoid and WrapSphere surfaces. Each straight span between consecutive path points is
/// tested against the path's wrap objects in the file's order and wrapped over the first one it
/// crosses (OpenSim applies its PathWrapSet the same way when, as in lenhart2015.osim, no wrap
/// sets a point range).
///
/// Moment arms follow OpenSim's definition r = -dl/dq (central differences of the path length).
/// path_generalized_forces() gives the same numbers a second way, from the tension's forces on
/// the bodies (virtual work); the tests require the two to agree.
#include <array>
#include <string>
#include <vector>

#include "patella/gait/leg.hpp"

namespace patella {

struct LegWrap {
  enum class Type { Cylinder, Ellipsoid, Sphere };
  std::string name;
  Type type = Type::Cylinder;
  int body = -1;                 ///< LegBody
  Transform X_BW;                ///< pose in its body
  double radius = 0.0;           ///< cylinder, sphere [m]
  Vec3 radii = Vec3::Zero();     ///< ellipsoid semi-axes [m]
  std::string quadrant = "all";
};

struct LegPath {
  std::vector<int> bodies;       ///< LegBody of each path point
  std::vector<Vec3> points;      ///< in their bodies [m]
  std::vector<int> wraps;        ///< indices into the wrap list, file order
  /// ConditionalPathPoint: the LegDof that switches point k on (-1: always on) and its range
  std::vector<int> condition_dof;
  std::vector<std::array<double, 2>> condition_range;
  /// MovingPathPoint: per point and axis, the LegDof driving it (-1: fixed) and the function
  std::vector<std::array<int, 3>> moving_dof;
  std::vector<std::array<FunctionSpec, 3>> moving_function;
  bool has_moving_points = false;
};

/// The path at one pose: its length and the points the tension acts at (path points and the
/// tangent points where it meets and leaves a wrap surface, each fixed to a body).
struct PathGeometry {
  double length = 0.0;           ///< [m]
  std::vector<Vec3> points_G;    ///< in ground [m]
  std::vector<int> bodies;       ///< LegBody each point is attached to
  std::vector<char> arc_to_next; ///< point k and k+1 are a wrap's tangent points (an arc between)
  int wrapped_spans = 0;
};

/// Wrap surfaces on leg bodies. @throws ModelError for an unknown wrap type.
std::vector<LegWrap> make_leg_wraps(const ModelSpec& spec);

/// A path of the spec on the leg. @throws ModelError naming the muscle for a point on a body
/// outside the leg, an unknown wrap object, or a conditional/moving point driven by a coordinate
/// that is not one of the leg's.
LegPath make_leg_path(const std::vector<LegWrap>& wraps, const PathSpec& path,
                      const std::string& owner);

/// The path at coordinates q with body poses X (= leg_poses at q).
void evaluate_path(const std::vector<LegWrap>& wraps, const LegPath& path, const LegPoses& X,
                   const LegQ& q, PathGeometry& out);

/// Generalized forces of a unit tension along the path, for each dof: sum over the path points of
/// the point's net unit force dotted with its velocity per unit dq (poses X_plus/X_minus at
/// q +/- h for that dof). Equals -dl/dq when the path is a shortest path over points fixed in
/// their bodies (not for MovingPathPoints, whose motion in the body it does not see).
double path_generalized_force(const PathGeometry& geometry, const LegPoses& X,
                              const LegPoses& X_plus, const LegPoses& X_minus, double h);

}  // namespace patella
