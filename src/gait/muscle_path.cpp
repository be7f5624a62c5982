#include "patella/gait/muscle_path.hpp"

#include <limits>

#include "patella/core/error.hpp"
#include "patella/mechanics/kinematics.hpp"
#include "patella/mechanics/wrap.hpp"
#include "patella/mechanics/wrap_ellipsoid.hpp"

namespace patella {

void evaluate_path(const std::vector<LegWrap>& wraps, const LegPath& path, const LegPoses& X,
                   const LegQ& q, PathGeometry& out, const PathGeometry* near) {
  out.length = 0.0;
  out.points_G.clear();
  out.bodies.clear();
  out.arc_to_next.clear();
  out.wrapped_spans = 0;
  out.plane_key.clear();
  out.plane_psi.clear();
  std::size_t cursor = 0;  // in near's planes, which come in the same order
  // the active points (ConditionalPathPoint) and where they are (MovingPathPoint)
  auto active = [&](std::size_t k) {
    const int d = path.condition_dof[k];
    return d < 0 || (q[d] >= path.condition_range[k][0] && q[d] <= path.condition_range[k][1]);
  };
  auto located = [&](std::size_t k) {
    Vec3 p = path.points[k];
    for (int a = 0; a < 3; ++a)
      if (path.moving_dof[k][a] >= 0) p[a] = eval_function(path.moving_function[k][a], q[path.moving_dof[k][a]]);
    return Vec3(X[path.bodies[k]] * p);
  };
  const std::size_t n = path.points.size();
  bool first = true;
  Vec3 a = Vec3::Zero();
  for (std::size_t k = 0; k < n; ++k) {
    if (!active(k)) continue;
    const Vec3 b = located(k);
    if (first) {
      out.points_G.push_back(b);
      out.bodies.push_back(path.bodies[k]);
      out.arc_to_next.push_back(0);
      a = b;
      first = false;
      continue;
    }
    bool done = false;
    // a span between two points of one body keeps its length: it is not wrapped (with the
    // patella deep in flexion, the quadriceps' two patellar points lie beside the femur's
    // KnExt cylinder, on its forbidden side, and a quadrant-constrained wrap would send the
    // 4 mm span around the cylinder)
    const bool same_body = out.bodies.back() == path.bodies[k];
    for (int wi : path.wraps) {
      if (same_body) break;
      const LegWrap& w = wraps[wi];
      const Transform X_GW = X[w.body] * w.X_BW;
      Vec3 ta, tb;
      double len = 0;
      bool wrapped = false;
      if (w.type == LegWrap::Type::Cylinder) {
        const CylinderWrapResult r = wrap_cylinder(a, b, X_GW, w.radius, w.quadrant);
        wrapped = r.wrapped;
        ta = r.tangent_from_a;
        tb = r.tangent_from_b;
        len = r.length;
      } else {
        const int key = static_cast<int>(k) * 1024 + wi;
        double psi = std::numeric_limits<double>::quiet_NaN();
        if (near)
          for (std::size_t c = cursor; c < near->plane_key.size(); ++c)
            if (near->plane_key[c] == key) {
              psi = near->plane_psi[c];
              cursor = c + 1;
              break;
            }
        const EllipsoidWrapResult r = wrap_ellipsoid(a, b, X_GW, w.radii, w.quadrant, &psi);
        out.plane_key.push_back(key);
        out.plane_psi.push_back(psi);
        wrapped = r.wrapped;
        ta = r.tangent_a;
        tb = r.tangent_b;
        len = r.length;
      }
      if (!wrapped) continue;
      out.length += len;
      out.points_G.push_back(ta);
      out.bodies.push_back(w.body);
      out.arc_to_next.push_back(1);
      out.points_G.push_back(tb);
      out.bodies.push_back(w.body);
      out.arc_to_next.push_back(0);
      ++out.wrapped_spans;
      done = true;
      break;
    }
    if (!done) out.length += (b - a).norm();
    out.points_G.push_back(b);
    out.bodies.push_back(path.bodies[k]);
    out.arc_to_next.push_back(0);
    a = b;
  }
}

double path_generalized_force(const PathGeometry& g, const LegPoses& X, const LegPoses& X_plus,
                              const LegPoses& X_minus, double h) {
  // unit tension pulls each point toward its neighbours; a tangent-point pair on one wrap body
  // carries the arc's reaction (cut the string at both ends: the body feels the two end pulls)
  double tau = 0.0;
  const std::size_t n = g.points_G.size();
  for (std::size_t k = 0; k < n; ++k) {
    Vec3 f = Vec3::Zero();
    auto unit = [&](std::size_t i, std::size_t j) -> Vec3 {
      const Vec3 d = g.points_G[j] - g.points_G[i];
      const double len = d.norm();
      return len > 1e-12 ? Vec3(d / len) : Vec3(Vec3::Zero());
    };
    // between the two tangent points of one wrap the arc is not a straight span: skip it
    const bool arc_before = k > 0 && g.arc_to_next[k - 1];
    const bool arc_after = g.arc_to_next[k];
    if (k > 0 && !arc_before) f += unit(k, k - 1);
    if (k + 1 < n && !arc_after) f += unit(k, k + 1);
    const int b = g.bodies[k];
    const Vec3 p_B = X[b].inverse() * g.points_G[k];
    const Vec3 v = (X_plus[b] * p_B - X_minus[b] * p_B) / (2 * h);
    tau += f.dot(v);
  }
  return tau;
}

}  // namespace patella
