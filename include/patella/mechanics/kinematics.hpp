#pragma once
/// Joint kinematics of OpenSim CustomJoint / WeldJoint (Simbody's function-based mobilizer) over
/// the compiled tree (model/kinematic_tree.hpp):
///   R_JC = R(a1, f1(q)) R(a2, f2(q)) R(a3, f3(q))      (body-fixed sequence, axes as in the file)
///   p_JC = f4(q) b1 + f5(q) b2 + f6(q) b3               (translation axes in the parent frame)
/// between the joint's parent offset frame and its child offset frame, so
///   X_parent_child = X_PJ * X_JC(q) * X_JC_child,  X_JC_child = inverse(child offset frame).
/// This is the one forward-kinematics path: the knee solver (compute_knee_frames) and the gait
/// chain (leg_poses) both call body_poses.
#include <vector>

#include "patella/core/types.hpp"
#include "patella/model/kinematic_tree.hpp"

namespace patella {

/// Value of a compiled OpenSim function at x (SimmSpline: natural cubic spline through the
/// knots, continued linearly with its end slopes).
double eval_function(const Function& f, double x);

/// The joint's own map X_JC(q) between its frames; q: every coordinate of the tree (or of the
/// joint alone, for a joint compiled on its own).
Transform joint_transform(const Joint& joint, const double* q);

/// Pose of the joint's child body in its parent body.
Transform joint_child_in_parent(const Joint& joint, const double* q);

/// The joint's coordinates (in its order) that put the child body at X_parent_child: Newton on
/// the joint map from q0 (the joint's coordinates; the rest of q_all as given).
/// @throws SimulationError when it does not converge.
std::vector<double> joint_coordinates(const Joint& joint, const Transform& X_parent_child,
                                      const std::vector<double>& q0, std::vector<double> q_all);

/// The femur turned under a planted foot (see femur_turn_under_tibia): the bodies below
/// `knee_joint` are posed as if `coordinate` (hip_rot_r) were `angle` smaller, the knee centre
/// staying on the femur.
struct FemurTurn {
  int knee_joint = -1;
  int coordinate = -1;
  double angle = 0.0;   ///< [rad]
};

/// The femur's turn A (femur_turn_under_tibia) for `turn` at coordinates q: the femur posed with
/// q, X_G_femur its pose in ground, against the femur posed with turn.coordinate less
/// turn.angle; the pivot is the knee joint's frame on the femur. The one place the turn is
/// computed: body_poses applies it in ground along the leg chain (the gait side),
/// compute_knee_frames in the femur frame to the bodies below the knee (the knee solver).
Transform femur_turn(const KinematicTree& tree, const FemurTurn& turn, const double* q,
                     const Transform& X_G_femur);

/// The bodies below a joint: its child and every body hanging from it (body indices).
std::vector<int> bodies_below(const KinematicTree& tree, int joint);

/// Poses in ground X_G[b] of the bodies reached by `joints` (indices into tree.joints, parents
/// before children; all joints when empty), from every coordinate q. X_G has one entry per body;
/// X_G[0] (ground) is the identity; entries no joint reaches are left as they are.
void body_poses(const KinematicTree& tree, const std::vector<int>& joints, const double* q,
                std::vector<Transform>& X_G, const FemurTurn& turn = {});

/// The femur turned under the tibia: R_turned and R_plain are the femur's orientations in ground
/// with and without the turn, pivot_F the knee centre (the knee joint's frame on the femur) in
/// the femur. Returns A, in the femur's frame, such that bodies below the knee posed at A X_FB
/// keep, in ground, the orientation they have with the plain femur (A = R_turned^T R_plain about
/// the pivot), while the knee centre stays on the femur. The foot then moves only by the knee
/// centre's own displacement, the turn angle times the knee centre's distance from the hip
/// rotation axis (a millimetre or so).
Transform femur_turn_under_tibia(const Mat3& R_turned, const Mat3& R_plain, const Vec3& pivot_F);

}  // namespace patella
