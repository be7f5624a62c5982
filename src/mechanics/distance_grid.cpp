#include "patella/mechanics/distance_grid.hpp"


#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>

#include "patella/core/disk_cache.hpp"
#include "patella/core/files.hpp"
#include "patella/core/sha256.hpp"
#include "patella/mechanics/contact.hpp"

namespace patella {

namespace {

// a smooth cell's corners' nearest faces agree in normal within 30 deg; the trilinear value there
// is trusted to 0.1 mm (h^2 / (8 R) is 3 um for h = 0.5 mm, R = 10 mm: a wide safety factor)
const double kSmoothCos = std::cos(30.0 * 3.14159265358979323846 / 180.0);
constexpr double kSmoothError = 0.1e-3;

}  // namespace

Vec3 closest_on_triangle(const Vec3& p, const Vec3& a, const Vec3& e1, const Vec3& e2) {
  const Vec3 b = a + e1, c = a + e2;
  const Vec3 ap = p - a;
  const double d1 = e1.dot(ap), d2 = e2.dot(ap);
  if (d1 <= 0 && d2 <= 0) return a;
  const Vec3 bp = p - b;
  const double d3 = e1.dot(bp), d4 = e2.dot(bp);
  if (d3 >= 0 && d4 <= d3) return b;
  const double vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return a + d1 / (d1 - d3) * e1;
  const Vec3 cp = p - c;
  const double d5 = e1.dot(cp), d6 = e2.dot(cp);
  if (d6 >= 0 && d5 <= d6) return c;
  const double vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return a + d2 / (d2 - d6) * e2;
  const double va = d3 * d6 - d5 * d4;
  if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0)
    return b + (d4 - d3) / ((d4 - d3) + (d5 - d6)) * (c - b);
  const double denom = 1.0 / (va + vb + vc);
  return a + e1 * (vb * denom) + e2 * (vc * denom);
}

double signed_distance(const TargetSurface& s, const Vec3& p, int* hint) {
  // branch and bound over the BVH for the nearest face, first bound from the hinted face
  double best = 1e300;
  int best_face = -1;
  Vec3 best_point = Vec3::Zero();
  if (hint && *hint >= 0) {
    best_face = *hint;
    best_point = closest_on_triangle(p, s.a[best_face], s.e1[best_face], s.e2[best_face]);
    best = (p - best_point).squaredNorm() * (1 + 1e-12) + 1e-30;
  }
  int stack[64];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const TriangleBvh::Node& node = s.bvh.nodes[stack[--top]];
    if (node.box.squaredExteriorDistance(p) >= best) continue;
    if (node.left < 0) {
      for (int k = node.first; k < node.first + node.count; ++k) {
        const int f = s.bvh.order[k];
        const Vec3 q = closest_on_triangle(p, s.a[f], s.e1[f], s.e2[f]);
        const double d2 = (p - q).squaredNorm();
        if (d2 < best || (f == best_face && d2 <= best)) {
          best = d2;
          best_face = f;
          best_point = q;
        }
      }
    } else {
      // nearer child last, so it is popped first
      const double dl = s.bvh.nodes[node.left].box.squaredExteriorDistance(p);
      const double dr = s.bvh.nodes[node.right].box.squaredExteriorDistance(p);
      stack[top++] = dl < dr ? node.right : node.left;
      stack[top++] = dl < dr ? node.left : node.right;
    }
  }
  if (best_face < 0) return 1e300;
  if (hint) *hint = best_face;
  const double d = (p - best_point).norm();
  return (p - best_point).dot(s.normal[best_face]) >= 0 ? d : -d;
}

namespace {

// per face: the distance from its centroid to the nearest face whose normal turns more than
// `turn` from its own, capped at 3 mm, rounded down to float
std::vector<float> radius_of_turn(const TargetSurface& s, double turn) {
  constexpr double kCap = 3e-3;                 // [m]
  const double cos_turn = std::cos(turn);
  const std::size_t nt = s.a.size();
  std::vector<float> radius(nt, static_cast<float>(kCap));
  int stack[64];
  for (std::size_t f = 0; f < nt; ++f) {
    const Vec3 c = s.a[f] + (s.e1[f] + s.e2[f]) / 3.0;
    double best = kCap * kCap;  // squared
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const TriangleBvh::Node& node = s.bvh.nodes[stack[--top]];
      if (node.box.squaredExteriorDistance(c) >= best) continue;
      if (node.left >= 0) {
        stack[top++] = node.left;
        stack[top++] = node.right;
        continue;
      }
      for (int k = node.first; k < node.first + node.count; ++k) {
        const int g = s.bvh.order[k];
        if (s.normal[g].dot(s.normal[f]) >= cos_turn) continue;
        best = std::min(best, (c - closest_on_triangle(c, s.a[g], s.e1[g], s.e2[g])).squaredNorm());
      }
    }
    // rounded down to float, so the bound stays a bound
    radius[f] = std::nextafter(static_cast<float>(std::sqrt(best)), 0.0f);
  }
  return radius;
}

}  // namespace

void build_graph_radius(TargetSurface& s) {
  s.graph_radius = radius_of_turn(s, 55.0 * kPi / 180.0);
  s.flat_radius = radius_of_turn(s, 25.0 * kPi / 180.0);
}

namespace {

// trilinear interpolation in the cell whose lowest corner is node `base`, at fractions f
inline double trilinear(const DistanceGrid& grid, std::size_t base, double fx, double fy, double fz) {
  const std::size_t sy = grid.nx, sz = static_cast<std::size_t>(grid.nx) * grid.ny;
  auto lerp = [](double a, double b, double t) { return a + (b - a) * t; };
  const double c00 = lerp(grid.value[base], grid.value[base + 1], fx);
  const double c10 = lerp(grid.value[base + sy], grid.value[base + sy + 1], fx);
  const double c01 = lerp(grid.value[base + sz], grid.value[base + sz + 1], fx);
  const double c11 = lerp(grid.value[base + sy + sz], grid.value[base + sy + sz + 1], fx);
  return lerp(lerp(c00, c10, fy), lerp(c01, c11, fy), fz);
}

// p's cell in grid units: false outside the grid's cells (or NaN). Inside, the coordinates are
// non-negative, so truncation is floor (std::floor without SSE4.1 is a long bit sequence, and
// this runs for most casting faces at every contact evaluation)
inline bool cell_of(const DistanceGrid& grid, const Vec3& p, Vec3& g, int& i, int& j, int& k) {
  g = (p - grid.origin) / grid.spacing;
  if (!(g.x() >= 0.0 && g.y() >= 0.0 && g.z() >= 0.0 && g.x() < grid.nx - 1 && g.y() < grid.ny - 1 &&
        g.z() < grid.nz - 1))
    return false;
  i = static_cast<int>(g.x());
  j = static_cast<int>(g.y());
  k = static_cast<int>(g.z());
  return true;
}

}  // namespace

double distance_at(const DistanceGrid& grid, const Vec3& p) {
  Vec3 g;
  int i, j, k;
  if (!cell_of(grid, p, g, i, j, k)) return std::numeric_limits<double>::infinity();
  const std::size_t base = (static_cast<std::size_t>(k) * grid.ny + j) * grid.nx + i;
  return trilinear(grid, base, g.x() - i, g.y() - j, g.z() - k);
}

double distance_lower_bound(const DistanceGrid& grid, const Vec3& p) {
  const double d = distance_at(grid, p);
  if (d < std::numeric_limits<double>::infinity()) return d - std::sqrt(3.0) * grid.spacing;
  // outside the grid: at least the margin plus the way to the grid's box from the target's box
  const Vec3 hi = grid.origin + grid.spacing * Vec3(grid.nx - 1, grid.ny - 1, grid.nz - 1);
  const Vec3 out = (grid.origin - p).cwiseMax(p - hi).cwiseMax(0.0);
  return grid.margin + out.norm();
}

double distance_screen(const DistanceGrid& grid, const Vec3& p) {
  Vec3 q;
  int i, j, k;
  if (!cell_of(grid, p, q, i, j, k)) return distance_lower_bound(grid, p);
  const std::size_t base = (static_cast<std::size_t>(k) * grid.ny + j) * grid.nx + i;
  return trilinear(grid, base, q.x() - i, q.y() - j, q.z() - k) -
         (grid.smooth[base] ? kSmoothError : std::sqrt(3.0) * grid.spacing);
}

namespace {

void compute_distance_grid(TargetSurface& s, const std::vector<Eigen::AlignedBox3d>& face_box) {
  // signed-distance grid over the target's box plus a 2 mm margin, 0.5 mm spacing: exact within
  // 1.25 mm of the surface (more than the h sqrt(3) reach of a cell's corners, so every cell
  // that distance_screen trusts near the surface has exact corners), a lower bound elsewhere
  DistanceGrid& g = s.distance;
  const std::size_t nt = s.a.size();
  if (nt == 0) return;
  {
    g.spacing = 0.5e-3;
    g.margin = 2e-3;
    g.exact_band = 1.25e-3;
    const Eigen::AlignedBox3d& box = s.bvh.nodes[0].box;
    g.origin = box.min() - Vec3::Constant(g.margin);
    const Vec3 size = box.sizes() + Vec3::Constant(2 * g.margin);
    g.nx = static_cast<int>(std::ceil(size.x() / g.spacing)) + 1;
    g.ny = static_cast<int>(std::ceil(size.y() / g.spacing)) + 1;
    g.nz = static_cast<int>(std::ceil(size.z() / g.spacing)) + 1;
    g.value.resize(static_cast<std::size_t>(g.nx) * g.ny * g.nz);
    // Nodes within the band: exact, by visiting each face's box grown by the band (nearest
    // face; on a tie at a shared edge or vertex, the face whose normal is most aligned with the
    // offset gives the sign). Beyond it, inside nodes hold -band (only ever compared with
    // positive thresholds) and outside ones a lower bound from exact distances on a 4x coarser
    // lattice (1-Lipschitz: sd(x) >= sd(n) - |x - n|), at least the band.
    const std::size_t nn = g.value.size();
    std::vector<double> best(nn, g.exact_band * g.exact_band);
    std::vector<float> align(nn, -1.0f);
    std::vector<char> touched(nn, 0);
    std::vector<int> nearest(nn, -1);
    const Vec3 inv_h = Vec3::Constant(1.0 / g.spacing);
    for (std::size_t f = 0; f < nt; ++f) {
      const Eigen::AlignedBox3d& fb = face_box[f];
      const Eigen::Array3i lo = (((fb.min() - g.origin).array() - g.exact_band) * inv_h.array()).ceil().cast<int>().max(0);
      const Eigen::Array3i hi = (((fb.max() - g.origin).array() + g.exact_band) * inv_h.array()).floor().cast<int>()
                                    .min(Eigen::Array3i(g.nx - 1, g.ny - 1, g.nz - 1));
      for (int k = lo.z(); k <= hi.z(); ++k)
        for (int j = lo.y(); j <= hi.y(); ++j)
          for (int i = lo.x(); i <= hi.x(); ++i) {
            const std::size_t id = (static_cast<std::size_t>(k) * g.ny + j) * g.nx + i;
            const Vec3 x = g.origin + g.spacing * Vec3(i, j, k);
            const Vec3 off = x - closest_on_triangle(x, s.a[f], s.e1[f], s.e2[f]);
            const double d2 = off.squaredNorm();
            if (d2 > best[id] * (1 + 1e-9) + 1e-30) continue;
            const double along = d2 > 0 ? off.dot(s.normal[f]) / std::sqrt(d2) : 1.0;
            if (d2 >= best[id] * (1 - 1e-9) && touched[id] && std::abs(along) <= align[id]) continue;
            best[id] = std::min(best[id], d2);
            align[id] = static_cast<float>(std::abs(along));
            touched[id] = 1;
            nearest[id] = static_cast<int>(f);
            g.value[id] = static_cast<float>(along >= 0 ? std::sqrt(d2) : -std::sqrt(d2));
          }
    }
    // Beyond the band, the side: a node next to a band node with value v has |sd - v| <= h and
    // |sd| >= band > h, so it lies on v's side; a breadth-first fill carries the sides outward
    // through the untouched nodes (each part of them borders the band on one side only)
    std::vector<char> side(nn, 0);  // +1 outside, -1 inside, 0 not yet known
    std::vector<std::size_t> queue;
    const std::ptrdiff_t step[6] = {1, -1, g.nx, -g.nx, static_cast<std::ptrdiff_t>(g.nx) * g.ny,
                                    -static_cast<std::ptrdiff_t>(g.nx) * g.ny};
    auto neighbours = [&](std::size_t id, auto&& visit) {
      const int i = static_cast<int>(id % g.nx), j = static_cast<int>((id / g.nx) % g.ny),
                k = static_cast<int>(id / (static_cast<std::size_t>(g.nx) * g.ny));
      const bool ok[6] = {i + 1 < g.nx, i > 0, j + 1 < g.ny, j > 0, k + 1 < g.nz, k > 0};
      for (int d = 0; d < 6; ++d)
        if (ok[d]) visit(static_cast<std::size_t>(static_cast<std::ptrdiff_t>(id) + step[d]));
    };
    for (std::size_t id = 0; id < nn; ++id) {
      if (!touched[id]) continue;
      side[id] = g.value[id] >= 0 ? 1 : -1;
      neighbours(id, [&](std::size_t m) {
        if (!touched[m] && side[m] == 0) {
          side[m] = side[id];
          queue.push_back(m);
        }
      });
    }
    for (std::size_t q = 0; q < queue.size(); ++q)
      neighbours(queue[q], [&](std::size_t m) {
        if (side[m] == 0) {
          side[m] = side[queue[q]];
          queue.push_back(m);
        }
      });
    constexpr int kCoarse = 4;
    const int cx = (g.nx - 1) / kCoarse + 1, cy = (g.ny - 1) / kCoarse + 1, cz = (g.nz - 1) / kCoarse + 1;
    std::vector<double> coarse(static_cast<std::size_t>(cx) * cy * cz);
    int hint = -1;
    for (int k = 0; k < cz; ++k)
      for (int j = 0; j < cy; ++j)
        for (int i = 0; i < cx; ++i)
          coarse[(static_cast<std::size_t>(k) * cy + j) * cx + i] =
              signed_distance(s, g.origin + g.spacing * kCoarse * Vec3(i, j, k), &hint);
    std::size_t idx = 0;
    for (int k = 0; k < g.nz; ++k)
      for (int j = 0; j < g.ny; ++j)
        for (int i = 0; i < g.nx; ++i, ++idx) {
          if (touched[idx]) continue;
          const int ci = std::min((i + kCoarse / 2) / kCoarse, cx - 1);
          const int cj = std::min((j + kCoarse / 2) / kCoarse, cy - 1);
          const int ck = std::min((k + kCoarse / 2) / kCoarse, cz - 1);
          const Vec3 x = g.origin + g.spacing * Vec3(i, j, k);
          const Vec3 n = g.origin + g.spacing * kCoarse * Vec3(ci, cj, ck);
          if (side[idx] < 0) {
            g.value[idx] = static_cast<float>(-g.exact_band);
            continue;
          }
          const double bound = coarse[(static_cast<std::size_t>(ck) * cy + cj) * cx + ci] - (x - n).norm();
          g.value[idx] = static_cast<float>(std::max(bound, g.exact_band));
        }
    // smooth cells: all eight corners in the band, their nearest faces' normals within 30 deg of
    // each other. There the distance is smooth and trilinear interpolation errs by about
    // h^2 / (8 R); across a rim or an edge of the cartilage (kinks of the distance) it can err
    // by up to about h sqrt(3) / 2, so only smooth cells get the tight screen
    g.smooth.assign(nn, 0);
    const std::size_t sy = g.nx, sz = static_cast<std::size_t>(g.nx) * g.ny;
    const std::size_t corner[8] = {0, 1, sy, sy + 1, sz, sz + 1, sz + sy, sz + sy + 1};
    for (int k = 0; k + 1 < g.nz; ++k)
      for (int j = 0; j + 1 < g.ny; ++j)
        for (int i = 0; i + 1 < g.nx; ++i) {
          const std::size_t base = (static_cast<std::size_t>(k) * g.ny + j) * g.nx + i;
          bool ok = true;
          for (int c = 0; c < 8 && ok; ++c) ok = nearest[base + corner[c]] >= 0;
          for (int a = 0; a < 8 && ok; ++a)
            for (int b = a + 1; b < 8 && ok; ++b)
              ok = s.normal[nearest[base + corner[a]]].dot(s.normal[nearest[base + corner[b]]]) > kSmoothCos;
          g.smooth[base] = ok;
        }
    // the walks' starting faces, on every other node
    const int mx = (g.nx + 1) / 2, my = (g.ny + 1) / 2, mz = (g.nz + 1) / 2;
    g.nearest.assign(static_cast<std::size_t>(mx) * my * mz, -1);
    for (int k = 0; k < mz; ++k)
      for (int j = 0; j < my; ++j)
        for (int i = 0; i < mx; ++i)
          g.nearest[(static_cast<std::size_t>(k) * my + j) * mx + i] =
              nearest[(static_cast<std::size_t>(2 * k) * g.ny + 2 * j) * g.nx + 2 * i];
  }

}


// The target surface on disk: building it (the grid above all, then the BVH and the edge
// neighbours) takes most of a model's compile time, and it depends only on the target's faces
// and the constants above, so it is kept in the user's cache folder under the SHA-256 of both.
// A missing, unreadable or malformed file is rebuilt; one that cannot be written is skipped (the
// cache only saves time). The magic is part of the key: raise its number whenever what is
// built changes, so no older file is read back.
constexpr char kCacheMagic[] = "patella target surface 7\n";

// A byte buffer read front to back; any overrun or bad value makes the whole file unusable.
struct Reader {
  std::string_view bytes;
  std::size_t at = 0;
  bool ok = true;
  template <class T>
  void get(T* out, std::size_t n) {
    const std::size_t len = n * sizeof(T);
    if (!ok || bytes.size() - at < len) {
      ok = false;
      return;
    }
    std::memcpy(static_cast<void*>(out), bytes.data() + at, len);
    at += len;
  }
};

bool read_cached(const std::string& path, TargetSurface& s) {
  FileBytes file;
  if (!try_read_file(path, file)) return false;
  const std::string_view bytes = file.view();
  if (bytes.compare(0, sizeof(kCacheMagic) - 1, kCacheMagic) != 0) return false;
  Reader r{bytes, sizeof(kCacheMagic) - 1};
  DistanceGrid g;
  double head[6];
  std::int32_t n[3];
  r.get(head, 6);
  r.get(n, 3);
  if (!r.ok || n[0] < 2 || n[1] < 2 || n[2] < 2 || n[0] > 4096 || n[1] > 4096 || n[2] > 4096) return false;
  g.origin = Vec3(head[0], head[1], head[2]);
  g.spacing = head[3];
  g.margin = head[4];
  g.exact_band = head[5];
  g.nx = n[0], g.ny = n[1], g.nz = n[2];
  const std::size_t nn = static_cast<std::size_t>(g.nx) * g.ny * g.nz;
  if (bytes.size() < nn * 5) return false;
  const std::size_t nm = static_cast<std::size_t>((g.nx + 1) / 2) * ((g.ny + 1) / 2) * ((g.nz + 1) / 2);
  g.value.resize(nn);
  g.smooth.resize(nn);
  g.nearest.resize(nm);
  r.get(g.value.data(), nn);
  r.get(g.smooth.data(), nn);
  r.get(g.nearest.data(), nm);
  std::uint64_t faces = 0, nodes = 0;
  r.get(&faces, 1);
  if (!r.ok || faces != s.a.size()) return false;
  std::vector<float> radius(faces), flat(faces);
  std::vector<double> shell(faces);
  std::vector<std::array<int, 3>> neighbour(faces);
  TriangleBvh bvh;
  bvh.order.resize(faces);
  r.get(radius.data(), faces);
  r.get(flat.data(), faces);
  r.get(shell.data(), faces);
  r.get(neighbour.data(), faces);
  r.get(bvh.order.data(), faces);
  r.get(&nodes, 1);
  if (!r.ok || nodes == 0 || nodes > 2 * faces + 1) return false;
  bvh.nodes.resize(nodes);
  for (TriangleBvh::Node& node : bvh.nodes) {
    double box[6];
    std::int32_t link[4];
    r.get(box, 6);
    r.get(link, 4);
    node.box = Eigen::AlignedBox3d(Vec3(box[0], box[1], box[2]), Vec3(box[3], box[4], box[5]));
    node.left = link[0], node.right = link[1], node.first = link[2], node.count = link[3];
    const bool leaf = node.left < 0;
    if (leaf ? node.first < 0 || node.count < 0 || std::uint64_t(node.first) + node.count > faces
             : node.left >= std::int64_t(nodes) || node.right < 0 || node.right >= std::int64_t(nodes))
      return false;
  }
  if (!r.ok || r.at != bytes.size()) return false;
  for (const auto& nb : neighbour)
    for (int f : nb)
      if (f < -1 || f >= std::int64_t(faces)) return false;
  for (int f : bvh.order)
    if (f < 0 || f >= std::int64_t(faces)) return false;
  for (int f : g.nearest)
    if (f < -1 || f >= std::int64_t(faces)) return false;
  s.distance = std::move(g);
  s.graph_radius = std::move(radius);
  s.flat_radius = std::move(flat);
  s.shell_thickness = std::move(shell);
  s.neighbour = std::move(neighbour);
  s.bvh = std::move(bvh);
  return true;
}

void write_cached(const std::string& path, const TargetSurface& s) {
  const DistanceGrid& g = s.distance;
  std::string bytes(kCacheMagic);
  auto put = [&](const void* p, std::size_t n) { bytes.append(static_cast<const char*>(p), n); };
  const double head[6] = {g.origin.x(), g.origin.y(), g.origin.z(), g.spacing, g.margin, g.exact_band};
  const std::int32_t n[3] = {g.nx, g.ny, g.nz};
  put(head, sizeof head);
  put(n, sizeof n);
  put(g.value.data(), g.value.size() * sizeof(float));
  put(g.smooth.data(), g.smooth.size());
  put(g.nearest.data(), g.nearest.size() * sizeof(int));
  const std::uint64_t faces = s.a.size(), nodes = s.bvh.nodes.size();
  put(&faces, sizeof faces);
  put(s.graph_radius.data(), faces * sizeof(float));
  put(s.flat_radius.data(), faces * sizeof(float));
  put(s.shell_thickness.data(), faces * sizeof(double));
  put(s.neighbour.data(), faces * sizeof(s.neighbour[0]));
  put(s.bvh.order.data(), faces * sizeof(int));
  put(&nodes, sizeof nodes);
  for (const TriangleBvh::Node& node : s.bvh.nodes) {
    const double box[6] = {node.box.min().x(), node.box.min().y(), node.box.min().z(),
                           node.box.max().x(), node.box.max().y(), node.box.max().z()};
    const std::int32_t link[4] = {node.left, node.right, node.first, node.count};
    put(box, sizeof box);
    put(link, sizeof link);
  }
  write_cache_file(path, bytes);
}

}  // namespace

void build_shell_thickness(TargetSurface& s, double reach) {
  const std::size_t nt = s.a.size();
  s.shell_thickness.assign(nt, std::numeric_limits<double>::infinity());
  for (std::size_t f = 0; f < nt; ++f) {
    const Vec3 c = s.a[f] + (s.e1[f] + s.e2[f]) / 3.0;
    double t = 0.0;
    const int g = cast_ray(s, c - 1e-9 * s.normal[f], -s.normal[f], 0.0, reach, t);
    if (g >= 0) s.shell_thickness[f] = t;
  }
}

void build_distance_grid(TargetSurface& s, const std::vector<Eigen::AlignedBox3d>& face_box, double shell_reach) {
  if (s.a.empty()) return;  // (graph_radius stays empty with the faces)
  compute_distance_grid(s, face_box);
  build_graph_radius(s);
  build_shell_thickness(s, shell_reach);
}

std::string target_cache_path(const TargetSurface& s, const std::vector<std::array<int, 3>>& faces,
                              double shell_reach) {
  // small surfaces (tests, verification cases) build in milliseconds and stay out of the cache
  constexpr std::size_t kCacheMinFaces = 10000;
  if (s.a.size() < kCacheMinFaces) return "";
  const std::string folder = cache_folder();
  if (folder.empty()) return "";
  // the faces' geometry (a, e1, e2; the normals follow from them) and their vertex indices (the
  // edge neighbours follow from those) folded into 128 bits each (Digest128), then SHA-256 of
  // the constants and those digests: SHA-256 over the 2 MB of faces took 4 % of a whole run
  Digest128 geometry, indices;
  for (const std::vector<Vec3>* v : {&s.a, &s.e1, &s.e2}) geometry.add_doubles(v->data()->data(), 3 * v->size());
  indices.add_bytes(faces.data(), faces.size() * sizeof(faces[0]));
  char reach[40];
  std::snprintf(reach, sizeof reach, " shell reach %.17g m", shell_reach);
  return folder + "/target-surface-" +
         sha256_hex(std::string(kCacheMagic) +
                    "h=0.5mm margin=2mm band=1.25mm coarse=4 smooth=30deg,0.1mm graph=55deg,3mm bvh leaf=4\n" +
                    geometry.hex() + " " + indices.hex() + reach) +
         ".bin";
}

bool read_target_cache(const std::string& path, TargetSurface& s) { return !path.empty() && read_cached(path, s); }

void write_target_cache(const std::string& path, const TargetSurface& s) {
  if (!path.empty()) write_cached(path, s);
}

}  // namespace patella
