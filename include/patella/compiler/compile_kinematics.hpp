#pragma once
/// Compiles the spec's joints into the kinematic tree (model/kinematic_tree.hpp): bodies,
/// coordinates and joints by index, parents first; offset frames, normalised axes and spline
/// second derivatives computed once.
#include <vector>

#include "patella/model/kinematic_tree.hpp"
#include "patella/model/spec.hpp"

namespace patella {

/// An OpenSim function ready for eval_function (mechanics/kinematics.hpp).
Function compile_function(const FunctionSpec& f);

/// A joint whose coordinate k is coordinates[k] of the tree, between bodies parent and child.
Joint compile_joint(const JointSpec& joint, const std::vector<int>& coordinates, int parent,
                    int child);
/// A joint on its own: its coordinates are 0..n-1 in its order (q holds just them).
Joint compile_joint(const JointSpec& joint);

/// @throws ModelError naming a body with no joint path to ground.
KinematicTree compile_kinematic_tree(const ModelSpec& spec);

}  // namespace patella
