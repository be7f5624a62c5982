#pragma once
#include <string>

#include "patella/model/spec.hpp"

namespace patella {

/// Reads an OpenSim 4 .osim model into a ModelSpec: bodies (with attached Mesh geometry),
/// CustomJoint/WeldJoint (offset frames, coordinates, SpatialTransform with LinearFunction,
/// Constant, MultiplierFunction and SimmSpline), WrapCylinder/WrapEllipsoid/WrapSphere,
/// Blankevoort1991Ligament, Millard2012EquilibriumMuscle, Smith2018ContactMesh and
/// Smith2018ArticularContactForce. Elements of other types are named in spec.warnings.
/// geometry_dir is set to <dir of file>/../geometry if it exists, else <dir of file>/Geometry
/// or the file's own directory.
/// @throws IoError if the file cannot be read; ModelError (file, line, element, key, value)
///         if it is malformed or uses an unsupported function type in a joint.
ModelSpec read_osim(const std::string& path);

}  // namespace patella
