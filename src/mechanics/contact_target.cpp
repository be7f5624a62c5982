// The contact target (femoral cartilage) surface: per-face geometry, the walk's records, the
// BVH, the edge neighbours; the distance grid, graph radii and shell thicknesses come from
// distance_grid.cpp (or the cache it keeps on disk).
#include <algorithm>
#include <cstdint>
#include <numeric>

#include "patella/mechanics/contact.hpp"

namespace patella {

namespace {

constexpr int kLeafSize = 4;

int build_node(TriangleBvh& bvh, const std::vector<Vec3>& centroid,
               const std::vector<Eigen::AlignedBox3d>& face_box, int first, int count) {
  const int index = static_cast<int>(bvh.nodes.size());
  bvh.nodes.emplace_back();
  Eigen::AlignedBox3d box, cbox;
  for (int k = first; k < first + count; ++k) {
    box.extend(face_box[bvh.order[k]]);
    cbox.extend(centroid[bvh.order[k]]);
  }
  bvh.nodes[index].box = box;
  if (count <= kLeafSize) {
    bvh.nodes[index].first = first;
    bvh.nodes[index].count = count;
    return index;
  }
  // split at the median centroid along the longest axis
  int axis;
  cbox.sizes().maxCoeff(&axis);
  const int mid = first + count / 2;
  std::nth_element(bvh.order.begin() + first, bvh.order.begin() + mid,
                   bvh.order.begin() + first + count,
                   [&](int a, int b) { return centroid[a][axis] < centroid[b][axis]; });
  const int left = build_node(bvh, centroid, face_box, first, mid - first);
  const int right = build_node(bvh, centroid, face_box, mid, first + count - mid);
  bvh.nodes[index].left = left;
  bvh.nodes[index].right = right;
  return index;
}

// the dual basis of (e1, e2): g1 = (e22 e1 - e12 e2) / D, g2 = (e11 e2 - e12 e1) / D with
// eij = ei.ej and D = e11 e22 - e12^2 (Gram), so g1.e1 = g2.e2 = 1 and g1.e2 = g2.e1 = 0
TargetSurface::WalkFace walk_face(const Vec3& a, const Vec3& e1, const Vec3& e2, const Vec3& n,
                                  const Vec3& centroid) {
  TargetSurface::WalkFace w{a, n, Vec3::Zero(), Vec3::Zero(), centroid, n.dot(a)};
  const double e11 = e1.squaredNorm(), e12 = e1.dot(e2), e22 = e2.squaredNorm();
  const double D = e11 * e22 - e12 * e12;
  if (n.squaredNorm() > 0 && D > 0) {
    w.g1 = (e22 * e1 - e12 * e2) / D;
    w.g2 = (e11 * e2 - e12 * e1) / D;
  }
  return w;
}

}  // namespace

TargetSurface build_target_surface(const TriMesh& target_F, double max_proximity) {
  TargetSurface s;
  // target: per-face geometry and the BVH
  const std::size_t nt = target_F.faces.size();
  std::vector<Vec3> centroid(nt);
  std::vector<Eigen::AlignedBox3d> face_box(nt);
  for (auto* v : {&s.a, &s.e1, &s.e2, &s.normal}) v->reserve(nt);
  s.walk.reserve(nt);
  for (std::size_t f = 0; f < nt; ++f) {
    const auto& F = target_F.faces[f];
    const Vec3 &p0 = target_F.vertices[F[0]], &p1 = target_F.vertices[F[1]],
               &p2 = target_F.vertices[F[2]];
    s.a.push_back(p0);
    s.e1.push_back(p1 - p0);
    s.e2.push_back(p2 - p0);
    const Vec3 nrm = (p1 - p0).cross(p2 - p0);
    s.normal.push_back(nrm.norm() > 0 ? Vec3(nrm.normalized()) : Vec3::Zero());
    centroid[f] = (p0 + p1 + p2) / 3.0;
    s.walk.push_back(walk_face(p0, p1 - p0, p2 - p0, s.normal.back(), centroid[f]));
    face_box[f].extend(p0).extend(p1).extend(p2);
  }
  // the rest is read from the cache when a run has built it before
  const std::string cached = target_cache_path(s, target_F.faces, max_proximity);
  if (read_target_cache(cached, s)) return s;

  s.bvh.order.resize(nt);
  std::iota(s.bvh.order.begin(), s.bvh.order.end(), 0);
  s.bvh.nodes.reserve(2 * nt / kLeafSize + 1);
  if (nt > 0) build_node(s.bvh, centroid, face_box, 0, static_cast<int>(nt));

  build_distance_grid(s, face_box, max_proximity);  // and graph_radius, shell_thickness

  // edge neighbours: the face on the other side of each edge (-1 where not exactly one). The
  // half-edges sorted by their vertex pair: equal pairs are adjacent, two make a shared edge
  s.neighbour.assign(nt, {-1, -1, -1});
  std::vector<std::pair<std::uint64_t, int>> half;  // (min vertex << 32 | max vertex, 3 f + k)
  half.reserve(3 * nt);
  for (std::size_t f = 0; f < nt; ++f)
    for (int k = 0; k < 3; ++k) {
      const std::uint32_t va = target_F.faces[f][k], vb = target_F.faces[f][(k + 1) % 3];
      half.emplace_back(std::uint64_t(std::min(va, vb)) << 32 | std::max(va, vb), static_cast<int>(3 * f + k));
    }
  std::sort(half.begin(), half.end());
  for (std::size_t a = 0; a < half.size();) {
    std::size_t b = a + 1;
    while (b < half.size() && half[b].first == half[a].first) ++b;
    if (b - a == 2) {
      const int h0 = half[a].second, h1 = half[a + 1].second;
      s.neighbour[h0 / 3][h0 % 3] = h1 / 3;
      s.neighbour[h1 / 3][h1 % 3] = h0 / 3;
    }
    a = b;
  }

  write_target_cache(cached, s);
  return s;
}

}  // namespace patella
