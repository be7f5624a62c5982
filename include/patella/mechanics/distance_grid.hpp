#pragma once
/// Distance queries on a contact target surface (the femoral cartilage): the exact signed
/// distance through the BVH, and the signed-distance grid that lets compute_contact skip the
/// casting faces that are out of contact without a BVH query.
#include <array>
#include <string>
#include <vector>

#include "patella/core/types.hpp"
#include "patella/model/contact_model.hpp"

namespace patella {

/// Trilinear interpolation of the signed distance grid at p; +infinity outside the grid [m].
double distance_at(const DistanceGrid& grid, const Vec3& p);

/// A certain lower bound on the signed distance at p: the interpolation less h sqrt(3) inside
/// the grid, the margin plus the way to the grid outside it [m].
double distance_lower_bound(const DistanceGrid& grid, const Vec3& p);

/// A screening lower bound on the signed distance at p [m]: the interpolation less 0.1 mm in a
/// smooth cell (where trilinear interpolation errs by micrometres), less h sqrt(3) elsewhere
/// (certain for any 1-Lipschitz function), distance_lower_bound outside the grid.
double distance_screen(const DistanceGrid& grid, const Vec3& p);

/// The face nearest the node of DistanceGrid::nearest's lattice nearest p, or -1 (outside the
/// band or the grid): that node lies within h sqrt(3) of p, so the face lies within
/// |sd(p)| + 2 h sqrt(3) of p; a walk's starting face. Inline: with it out of line the benchmark's
/// contact evaluation, which never takes this branch, measured 10 % slower; the suspect is the
/// call in compute_contact's loop (every SSE register is caller-saved), not yet confirmed.
inline int nearest_face_hint(const DistanceGrid& grid, const Vec3& p) {
  const int mx = (grid.nx + 1) / 2, my = (grid.ny + 1) / 2, mz = (grid.nz + 1) / 2;
  const Vec3 g = (p - grid.origin) / (2 * grid.spacing) + Vec3::Constant(0.5);
  if (!(g.x() >= 0.0 && g.y() >= 0.0 && g.z() >= 0.0 && g.x() < mx && g.y() < my && g.z() < mz) ||
      grid.nearest.size() != static_cast<std::size_t>(mx) * my * mz)
    return -1;
  const std::size_t id = (static_cast<std::size_t>(g.z()) * my + static_cast<std::size_t>(g.y())) * mx +
                         static_cast<std::size_t>(g.x());
  return grid.nearest[id];
}

/// The point of triangle (a, a + e1, a + e2) closest to p (Ericson 2005, Real-Time Collision
/// Detection 5.1.5).
Vec3 closest_on_triangle(const Vec3& p, const Vec3& a, const Vec3& e1, const Vec3& e2);

/// Signed distance from p to the target surface (exact, through the BVH) [m]. `hint` may name
/// a face likely to be nearest (it only tightens the search's first bound) and receives the
/// nearest face found.
double signed_distance(const TargetSurface& target, const Vec3& p, int* hint = nullptr);

/// Fills target.graph_radius and target.flat_radius (contact_model.hpp) from its faces, normals
/// and BVH: for each face a branch-and-bound search over the BVH, within 3 mm, for the nearest
/// face whose normal turns more than 55 deg (25 deg) from its own.
void build_graph_radius(TargetSurface& target);

/// Fills target.distance from its faces (target.a, e1, e2, normal and BVH built): 0.5 mm
/// spacing over the faces' box (face_box, per face) grown by 2 mm; exact within 1.25 mm of the
/// surface, where nodes are found by visiting each face's box grown by that band; beyond it the
/// side spreads from the band's nodes, and outside values are lower bounds from exact distances
/// on a 2 mm lattice (inside ones -1.25 mm). Then target.graph_radius and
/// target.shell_thickness (build_shell_thickness).
void build_distance_grid(TargetSurface& target, const std::vector<Eigen::AlignedBox3d>& face_box,
                         double shell_reach);

/// Where a target surface of 10,000 faces or more (a cartilage mesh) is kept on disk once built
/// (its grid, graph radii, shell thicknesses, BVH and edge neighbours), since building it takes
/// most of a model's compile time: in cache_folder() (core/disk_cache.hpp), under the SHA-256 of
/// the build's constants and the digests of the faces' geometry (target.a, e1, e2) and vertex
/// indices (`faces`). "" for a smaller surface or no cache folder.
std::string target_cache_path(const TargetSurface& target, const std::vector<std::array<int, 3>>& faces,
                              double shell_reach);
/// Reads the built parts back bit for bit; false (target untouched) when path is "", or the file
/// is missing, malformed or of another surface.
bool read_target_cache(const std::string& path, TargetSurface& target);
/// Writes them (through a temporary file renamed into place); nothing when path is "" or the
/// folder cannot be written.
void write_target_cache(const std::string& path, const TargetSurface& target);

/// Fills target.shell_thickness: from each face's centroid inward along -normal, the distance to
/// the next face crossed within `reach` [m] (+infinity if none), through the BVH.
void build_shell_thickness(TargetSurface& target, double reach);

}  // namespace patella
