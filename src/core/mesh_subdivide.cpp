// Midpoint subdivision of a triangle mesh (see mesh_subdivide.hpp).
#include "patella/core/mesh_subdivide.hpp"

#include <stdexcept>
#include <unordered_map>

namespace patella {

namespace {

TriMesh subdivide_once(const TriMesh& m) {
  TriMesh out;
  out.vertices = m.vertices;
  out.vertices.reserve(m.vertices.size() + 3 * m.faces.size() / 2 + 16);
  out.faces.reserve(4 * m.faces.size());
  // an edge (lo, hi) -> its midpoint's index, so neighbours share it
  std::unordered_map<long long, int> midpoint;
  midpoint.reserve(3 * m.faces.size());
  const long long n = static_cast<long long>(m.vertices.size());
  auto mid = [&](int a, int b) {
    const long long key = a < b ? a * n + b : b * n + a;
    const auto it = midpoint.find(key);
    if (it != midpoint.end()) return it->second;
    const int i = static_cast<int>(out.vertices.size());
    out.vertices.push_back(0.5 * (m.vertices[a] + m.vertices[b]));
    midpoint.emplace(key, i);
    return i;
  };
  for (const std::array<int, 3>& f : m.faces) {
    const int ab = mid(f[0], f[1]), bc = mid(f[1], f[2]), ca = mid(f[2], f[0]);
    // the three corners and the middle triangle, each wound as the parent
    out.faces.push_back({f[0], ab, ca});
    out.faces.push_back({ab, f[1], bc});
    out.faces.push_back({ca, bc, f[2]});
    out.faces.push_back({ab, bc, ca});
  }
  return out;
}

}  // namespace

TriMesh subdivide(const TriMesh& mesh, int times) {
  if (times < 0) throw std::invalid_argument("subdivide: times must be >= 0");
  TriMesh m = mesh;
  for (int k = 0; k < times; ++k) m = subdivide_once(m);
  return m;
}

}  // namespace patella
