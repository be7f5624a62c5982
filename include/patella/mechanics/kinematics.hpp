#pragma once
/// Joint kinematics of OpenSim CustomJoint / WeldJoint (Simbody's function-based mobilizer):
///   R_PC = R(a1, f1(q)) R(a2, f2(q)) R(a3, f3(q))      (body-fixed sequence, axes as in the file)
///   p_PC = f4(q) b1 + f5(q) b2 + f6(q) b3               (translation axes in the parent frame)
/// between the joint's parent offset frame P and child offset frame C, so
///   X_parent_child = X_parent_P * X_PC(q) * inverse(X_child_C).
#include <map>
#include <string>
#include <vector>

#include "patella/core/types.hpp"
#include "patella/model/spec.hpp"

namespace patella {

/// Value of an OpenSim function at x (SimmSpline: natural cubic spline through the knots).
double eval_function(const FunctionSpec& f, double x);

/// Pose of an offset frame in its body: translation and body-fixed XYZ orientation.
Transform offset_transform(const OffsetFrameSpec& frame);

/// X_PC of a joint for coordinate values q (one per joint coordinate, in order).
Transform joint_transform(const JointSpec& joint, const std::vector<double>& q);

/// Pose of the joint's child body in its parent body for coordinate values q.
Transform joint_child_in_parent(const JointSpec& joint, const std::vector<double>& q);

/// Coordinates q (in the joint's order) that put the child body at X_parent_child: Newton on the
/// joint map from the initial guess q0. @throws SimulationError when it does not converge.
std::vector<double> joint_coordinates(const JointSpec& joint, const Transform& X_parent_child,
                                      const std::vector<double>& q0);

/// Poses of every body in ground, walking the joint tree from "ground". Coordinates missing from
/// `values` take their default value. @throws ModelError for a body with no path to ground.
std::map<std::string, Transform> body_poses_in_ground(
    const ModelSpec& spec, const std::map<std::string, double>& values);

}  // namespace patella
