#include "patella/gait/muscle_path.hpp"

#include "patella/core/error.hpp"
#include "patella/mechanics/kinematics.hpp"
#include "patella/mechanics/wrap.hpp"
#include "patella/mechanics/wrap_ellipsoid.hpp"

namespace patella {

std::vector<LegWrap> make_leg_wraps(const ModelSpec& spec) {
  std::vector<LegWrap> out;
  for (const WrapSpec& w : spec.wraps) {
    const int body = leg_body_index(w.body);
    if (body < 0) continue;
    LegWrap lw;
    lw.name = w.name;
    lw.body = body;
    lw.X_BW = Transform{body_fixed_xyz(w.xyz_body_rotation), w.translation};
    lw.quadrant = w.quadrant;
    if (w.type == "WrapCylinder") {
      lw.type = LegWrap::Type::Cylinder;
      lw.radius = w.radius;
    } else if (w.type == "WrapEllipsoid") {
      lw.type = LegWrap::Type::Ellipsoid;
      lw.radii = w.dimensions;
    } else if (w.type == "WrapSphere") {
      lw.type = LegWrap::Type::Sphere;
      lw.radius = w.radius;
      lw.radii = Vec3::Constant(w.radius);
    } else {
      throw ModelError(spec.source_file + ": wrap object '" + w.name + "' has unsupported type '" +
                       w.type + "'");
    }
    out.push_back(lw);
  }
  return out;
}

LegPath make_leg_path(const std::vector<LegWrap>& wraps, const PathSpec& path,
                      const std::string& owner) {
  LegPath lp;
  auto dof_of = [&](const std::string& coordinate, const PathPointSpec& p) {
    for (int d = 0; d < kNumLegDofs; ++d)
      if (leg_dof_names()[d] == coordinate) return d;
    throw ModelError("'" + owner + "': " + p.type + " '" + p.name + "' follows coordinate '" +
                     coordinate + "', which is not one of the leg's");
  };
  for (const PathPointSpec& p : path.points) {
    const int body = leg_body_index(p.body);
    if (body < 0)
      throw ModelError("'" + owner + "': path point '" + p.name + "' is on body '" + p.body +
                       "', which is not part of the right leg");
    lp.bodies.push_back(body);
    lp.points.push_back(p.location);
    lp.condition_dof.push_back(p.type == "ConditionalPathPoint" ? dof_of(p.coordinate, p) : -1);
    lp.condition_range.push_back({p.range_min, p.range_max});
    std::array<int, 3> md{-1, -1, -1};
    if (p.type == "MovingPathPoint")
      for (int k = 0; k < 3; ++k)
        if (p.moving[k]) {
          md[k] = dof_of(p.coordinates[k], p);
          lp.has_moving_points = true;
        }
    lp.moving_dof.push_back(md);
    lp.moving_function.push_back(p.functions);
  }
  for (const std::string& name : path.wraps) {
    int found = -1;
    for (std::size_t w = 0; w < wraps.size(); ++w)
      if (wraps[w].name == name) found = static_cast<int>(w);
    if (found < 0)
      throw ModelError("'" + owner + "': wrap object '" + name + "' is not on a leg body");
    lp.wraps.push_back(found);
  }
  if (lp.points.size() < 2) throw ModelError("'" + owner + "': a path needs two points");
  return lp;
}

void evaluate_path(const std::vector<LegWrap>& wraps, const LegPath& path, const LegPoses& X,
                   const LegQ& q, PathGeometry& out) {
  out.length = 0.0;
  out.points_G.clear();
  out.bodies.clear();
  out.arc_to_next.clear();
  out.wrapped_spans = 0;
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
    for (int wi : path.wraps) {
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
        const EllipsoidWrapResult r = wrap_ellipsoid(a, b, X_GW, w.radii, w.quadrant);
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
