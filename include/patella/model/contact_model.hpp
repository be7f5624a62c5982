#pragma once
/// The compiled patellofemoral contact pair as data: the femoral target surface with its ray
/// and distance acceleration structures, the patellar casting surface, and the elastic
/// foundation's constants. Built by mechanics/contact.hpp's make_contact_model (the physics is
/// described there).
#include <array>
#include <vector>

#include "patella/core/types.hpp"

namespace patella {

/// Axis-aligned bounding-volume hierarchy over a triangle mesh (built once per model).
struct TriangleBvh {
  struct Node {
    Eigen::AlignedBox3d box;
    int left = -1, right = -1;  ///< children; -1 for a leaf
    int first = 0, count = 0;   ///< leaf: faces order[first .. first+count)
  };
  std::vector<Node> nodes;      ///< nodes[0] is the root
  std::vector<int> order;       ///< face indices in leaf order
};

/// Signed distance to the target surface sampled on a regular grid (sign from the nearest
/// face's normal: positive outside), over the target's bounding box grown by `margin`. Nodes
/// within `exact_band` of the surface hold the exact distance; the others a lower bound. Used
/// only to skip casting faces that are outside the target: trilinear interpolation of a
/// 1-Lipschitz distance errs by at most h sqrt(3) (a certain bound, for clusters of faces), and
/// near a smooth surface by about h^2 / (8 R), micrometres (the per-face screen, see contact.cpp).
struct DistanceGrid {
  Vec3 origin = Vec3::Zero();       ///< [m]
  double spacing = 0.0;             ///< h [m]
  double margin = 0.0;              ///< the grid reaches this far beyond the target's box [m]
  double exact_band = 0.0;          ///< nodes with |distance| below it are exact [m]
  int nx = 0, ny = 0, nz = 0;
  std::vector<float> value;         ///< [m], x fastest
  /// per cell (indexed by its lowest corner): 1 where the distance is smooth, so trilinear
  /// interpolation is close (mechanics/distance_grid.hpp)
  std::vector<char> smooth;
  /// per node of the every-other-node lattice (spacing 2h: grid nodes (2i, 2j, 2k), x fastest,
  /// (nx + 1) / 2 by (ny + 1) / 2 by (nz + 1) / 2) within exact_band: the target face nearest
  /// it, else -1. A ray's walk over the faces (compute_contact) starts there after a large move
  /// instead of walking from far away; the full lattice would add 9 MB to the 13 MB cache file.
  std::vector<int> nearest;
};

/// The target (femoral) surface in its body frame F, ready for ray queries.
struct TargetSurface {
  std::vector<Vec3> a, e1, e2;  ///< per face: vertex 0 and edges (v1-v0, v2-v0) [m]
  std::vector<Vec3> normal;     ///< per face outward unit normal (from the winding)
  /// per face: distance from its centroid inward along -normal to the next face crossed (the
  /// cartilage shell's other side) [m]; +infinity if none within max_proximity
  std::vector<double> shell_thickness;
  /// per face: the face across edge k (k = 0: v0-v1, 1: v1-v2, 2: v2-v0), or -1 at a border
  /// or a non-manifold edge; a ray's hit walks over these from one evaluation to the next
  std::vector<std::array<int, 3>> neighbour;
  /// per face: the distance from its centroid to the nearest face whose normal turns more than
  /// 55 deg from its own (capped at 3 mm) [m]. Within it the sheet faces one way, so a ray
  /// within 30 deg of this face's normal that leaves through the face at depth d crosses nothing
  /// before it while d plus the hit's distance from the centroid stays inside (compute_contact)
  std::vector<float> graph_radius;
  /// per face: the same for a turn of 25 deg (<= graph_radius): rays within 60 deg of the
  /// face's normal get the same certificates within it (25 + 60 = 55 + 30 deg from u)
  std::vector<float> flat_radius;
  /// Per face, what a ray's walk over the faces reads (compute_contact), in one place: the
  /// face's plane n.x = offset, the dual basis g1, g2 of its edges (e1, e2) in that plane (a
  /// point x of the plane has barycentric weights g1.(x - a) for v1 and g2.(x - a) for v2;
  /// zero for a degenerate face) and its centroid. Derived from a, e1, e2 and normal.
  struct WalkFace {
    Vec3 a, n, g1, g2, centroid;
    double offset;
  };
  std::vector<WalkFace> walk;
  TriangleBvh bvh;
  DistanceGrid distance;
};

/// The casting (patellar) surface in its body frame K. Its faces are stored cluster by cluster
/// (below), not in the mesh's order: compute_contact then reads each cluster's faces from
/// contiguous memory, skips a cluster out of contact as a block, and visits faces in spatial
/// order, so consecutive faces hit neighbouring femoral faces. Per-face outputs
/// (ContactWorkspace::depth, pressure, hit_face) stay in the mesh's order, through mesh_face.
struct CastingSurface {
  std::vector<Vec3> centroid;   ///< c_i [m]
  std::vector<Vec3> normal;     ///< n_i, outward unit normal
  std::vector<double> area;     ///< A_i [m^2]
  std::vector<char> lateral;    ///< 1 if the face lies on the lateral facet
  std::vector<int> mesh_face;   ///< the casting mesh's triangle this face is
  double ridge_z = 0.0;         ///< z_K of the median ridge dividing the facets [m]
  /// Spatial clusters of faces (about 32 each, split at the median along the longest axis), so
  /// that one distance lookup at a cluster's centre can rule out all its faces: faces
  /// cluster_first[k] .. cluster_first[k + 1] - 1 have their centroids within cluster_radius[k]
  /// of cluster_centre[k] (in K), face i at centre_offset[i] from it. Consecutive clusters are
  /// leaves of the same median-split tree, so they lie near each other too.
  std::vector<Vec3> cluster_centre;     ///< [m]
  std::vector<double> cluster_radius;   ///< [m]
  std::vector<int> cluster_first;       ///< size: clusters + 1
  std::vector<double> centre_offset;    ///< per face: |c_i - its cluster's centre| [m]
};

struct ContactModel {
  TargetSurface target;
  CastingSurface casting;
  double modulus_over_thickness = 0.0;  ///< K / h [Pa/m]
  double min_proximity = 0.0;           ///< [m]
  double max_proximity = 0.0;           ///< [m]
};

}  // namespace patella
