#pragma once
/// Midpoint subdivision of triangle meshes (core/mesh.hpp's TriMesh). A header of its own so
/// that mesh.hpp, which nearly every file includes through the model, stays as it is.
#include "patella/core/mesh.hpp"

namespace patella {

/// Splits every triangle into four by its edge midpoints, `times` times over (faces x 4^times).
/// The surface is unchanged (each new triangle lies in its parent's plane, winding kept); a
/// midpoint is shared by the two triangles of its edge, so a closed mesh stays closed. Used to
/// refine the elastic-foundation quadrature (one contact point per triangle) in the mesh
/// convergence study (docs/verification.md). @throws std::invalid_argument if times < 0.
TriMesh subdivide(const TriMesh& mesh, int times = 1);

}  // namespace patella
