#pragma once
/// The model's joints compiled for evaluation (Simbody's function-based mobilizers, as OpenSim's
/// CustomJoint): bodies, coordinates and joints by index, parents before children, the offset
/// frames and axis functions precomputed. One kinematics path serves the knee solver and the
/// gait chain (mechanics/kinematics.hpp evaluates it); names are only for messages and look-ups
/// outside the hot loops.
#include <array>
#include <string>
#include <vector>

#include "patella/core/types.hpp"

namespace patella {

/// An OpenSim function of one coordinate (Constant, LinearFunction, SimmSpline; a
/// MultiplierFunction folded into `scale`), with a spline's second derivatives precomputed.
struct Function {
  enum class Kind { Constant, Linear, SimmSpline };
  Kind kind = Kind::Constant;
  double value = 0.0, slope = 0.0, intercept = 0.0, scale = 1.0;
  std::vector<double> x, y, y2;    ///< SimmSpline knots and second derivatives at them
};

/// One of a CustomJoint's six TransformAxis entries (rotation1..3, translation1..3).
struct JointAxis {
  int coordinate = -1;             ///< index into KinematicTree::coordinates, -1: none (x = 0)
  Vec3 axis = Vec3::UnitX();       ///< as written in the file (rotations)
  Vec3 unit_axis = Vec3::UnitX();  ///< axis.normalized() (translations)
  Function function;
};

struct Joint {
  std::string name;
  bool custom = false;             ///< CustomJoint; false: WeldJoint (identity between frames)
  int parent = -1, child = -1;     ///< body indices; parent 0 is ground
  Transform X_PJ;                  ///< the joint frame on the parent, in the parent body
  Transform X_JC;                  ///< inverse of the joint frame on the child (child in it)
  std::vector<int> coordinates;    ///< its coordinates, in the file's order
  std::array<JointAxis, 6> axes;
};

struct Coordinate {
  std::string name;
  double default_value = 0.0;      ///< [rad] or [m]
  int joint = -1;
};

struct KinematicTree {
  std::vector<std::string> bodies;       ///< bodies[0] = "ground"
  std::vector<Joint> joints;             ///< parents before children
  std::vector<Coordinate> coordinates;
  std::vector<double> default_q;         ///< every coordinate's default
  std::vector<int> joint_of_body;        ///< the joint whose child it is (-1 for ground)

  /// Index by name, -1 when absent (look-ups outside the hot loops).
  int body(const std::string& name) const;
  int joint(const std::string& name) const;
  int coordinate(const std::string& name) const;
};

}  // namespace patella
