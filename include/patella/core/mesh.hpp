#pragma once
/// Triangle meshes, as read from STL and used by contact and pictures.
#include <array>
#include <vector>

#include "patella/core/types.hpp"

namespace patella {

/// A triangle surface mesh in its body's frame [m].
struct TriMesh {
  std::vector<Vec3> vertices;              ///< [m], body frame
  std::vector<std::array<int, 3>> faces;   ///< counter-clockwise seen from outside
};

}  // namespace patella
