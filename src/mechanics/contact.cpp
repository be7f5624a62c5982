#include "patella/mechanics/contact.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>

#include "patella/core/error.hpp"

namespace patella {

namespace {

// slab test of the segment o + t u, t in [t0, t1], against a box
inline bool segment_hits_box(const Eigen::AlignedBox3d& b, const Vec3& o, const Vec3& inv_u,
                             double t0, double t1) {
  for (int k = 0; k < 3; ++k) {
    double ta = (b.min()[k] - o[k]) * inv_u[k];
    double tb = (b.max()[k] - o[k]) * inv_u[k];
    if (ta > tb) std::swap(ta, tb);
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
    if (t0 > t1) return false;
  }
  return true;
}

// Moller-Trumbore: distance along u to face f, or -1
inline double intersect(const TargetSurface& s, int f, const Vec3& o, const Vec3& u) {
  const Vec3 pvec = u.cross(s.e2[f]);
  const double det = s.e1[f].dot(pvec);
  if (std::abs(det) < 1e-30) return -1.0;
  const double inv = 1.0 / det;
  const Vec3 tvec = o - s.a[f];
  const double bu = tvec.dot(pvec) * inv;
  if (bu < 0.0 || bu > 1.0) return -1.0;
  const Vec3 qvec = tvec.cross(s.e1[f]);
  const double bv = u.dot(qvec) * inv;
  if (bv < 0.0 || bu + bv > 1.0) return -1.0;
  return s.e2[f].dot(qvec) * inv;
}

// The face the line o + t u crosses, found by walking from face f across the edge its
// barycentric coordinates point past, at most kMaxWalk faces; -1 if the walk leaves the mesh or
// gives up. Within a solve a patellar centroid's hit moves by a few femoral faces (about 0.5 mm
// wide), between frames of a running cycle by up to tens; a walk of 64 steps costs less than the
// signed distance and the BVH query a failed one leads to (with 8, 37,000 of them in the default
// run; with 64, 8,000). Step 0 is intersect() exactly.
constexpr int kMaxWalk = 64;
const double kCos30 = std::sqrt(3.0) / 2.0;
// The radius about face f's centroid within which a ray at mu = cos(angle) to f's normal sees
// the sheet face one way (every face there within 85 deg of the ray: graph_radius for rays
// within 30 deg, flat_radius within 60 deg), or -1: the certificates below hold inside it.
inline double sheet_radius(const TargetSurface& s, int f, double mu) {
  return mu >= kCos30 ? s.graph_radius[f] : mu >= 0.5 ? s.flat_radius[f] : -1.0;
}
// the distance of the hit c + d u on face f from that face's centroid (the graph-radius
// certificates measure from there)
inline double hit_offset(const TargetSurface& s, int f, const Vec3& c, const Vec3& u, double d) {
  return (c + d * u - s.walk[f].centroid).norm();
}
// whether hit_offset(s, f, c, u, d) <= room, without the square root
inline bool hit_within(const TargetSurface& s, int f, const Vec3& c, const Vec3& u, double d, double room) {
  return room >= 0.0 && (c + d * u - s.walk[f].centroid).squaredNorm() <= room * room;
}

// Each step meets the face's plane (t = (offset - n.o) / n.u) and reads the barycentric weights
// of the meeting point off the dual basis: about 30 operations where Moller-Trumbore's two cross
// products take 50. A ray along the plane (or a degenerate face) ends the walk.
inline int walk_to_hit(const TargetSurface& s, int f, const Vec3& o, const Vec3& u, double& t) {
  for (int step = 0; step < kMaxWalk && f >= 0; ++step) {
    const TargetSurface::WalkFace& w = s.walk[f];
    const double nu = w.n.dot(u);
    if (std::abs(nu) < 1e-12) return -1;
    const double tf = (w.offset - w.n.dot(o)) / nu;
    const Vec3 x = o - w.a + tf * u;         // the meeting point, from v0
    const double bu = w.g1.dot(x);           // weight of v1
    const double bv = w.g2.dot(x);           // weight of v2
    const double w0 = 1.0 - bu - bv;         // weight of v0
    if (bu >= 0.0 && bu <= 1.0 && bv >= 0.0 && bu + bv <= 1.0) {
      t = tf;
      return f;
    }
    // across the edge opposite the most negative weight: v2 -> edge 0, v0 -> edge 1, v1 -> edge 2
    if (bv <= bu && bv <= w0) f = s.neighbour[f][0];
    else if (w0 <= bu) f = s.neighbour[f][1];
    else f = s.neighbour[f][2];
  }
  return -1;
}

}  // namespace

int cast_ray(const TargetSurface& s, const Vec3& o, const Vec3& u, double t_min, double t_max,
             double& t_hit) {
  const Vec3 inv_u = u.cwiseInverse();
  int best = -1;
  double best_t = t_max;
  int stack[64];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const TriangleBvh::Node& node = s.bvh.nodes[stack[--top]];
    if (!segment_hits_box(node.box, o, inv_u, t_min, best_t)) continue;
    if (node.left < 0) {
      for (int k = node.first; k < node.first + node.count; ++k) {
        const int f = s.bvh.order[k];
        const double t = intersect(s, f, o, u);
        if (t >= t_min && t <= best_t) {
          best_t = t;
          best = f;
        }
      }
    } else {
      stack[top++] = node.left;
      stack[top++] = node.right;
    }
  }
  t_hit = best_t;
  return best;
}

namespace {

// clusters of about kClusterSize faces: median splits along the longest axis of the centroids;
// `order` ends holding the faces cluster by cluster, in the tree's order
constexpr int kClusterSize = 32;
void split_cluster(CastingSurface& c, std::vector<int>& order, int first, int count) {
  if (count > kClusterSize) {
    Eigen::AlignedBox3d box;
    for (int k = first; k < first + count; ++k) box.extend(c.centroid[order[k]]);
    int axis;
    box.sizes().maxCoeff(&axis);
    const int mid = first + count / 2;
    std::nth_element(order.begin() + first, order.begin() + mid, order.begin() + first + count,
                     [&](int a, int b) { return c.centroid[a][axis] < c.centroid[b][axis]; });
    split_cluster(c, order, first, mid - first);
    split_cluster(c, order, mid, first + count - mid);
    return;
  }
  Vec3 centre = Vec3::Zero();
  for (int k = first; k < first + count; ++k) centre += c.centroid[order[k]];
  centre /= std::max(count, 1);
  double radius = 0.0;
  for (int k = first; k < first + count; ++k) radius = std::max(radius, (c.centroid[order[k]] - centre).norm());
  c.cluster_centre.push_back(centre);
  c.cluster_radius.push_back(radius);
  c.cluster_first.push_back(first + count);
}

// clusters the faces and stores them in cluster order (CastingSurface)
void build_clusters(CastingSurface& c) {
  const std::size_t n = c.centroid.size();
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  c.cluster_centre.clear();
  c.cluster_radius.clear();
  c.cluster_first.assign(1, 0);
  if (n > 0) split_cluster(c, order, 0, static_cast<int>(n));
  auto permute = [&](auto& v) {
    auto out = v;
    for (std::size_t i = 0; i < n; ++i) out[i] = v[order[i]];
    v = std::move(out);
  };
  permute(c.centroid);
  permute(c.normal);
  permute(c.area);
  permute(c.lateral);
  c.mesh_face = order;
  c.centre_offset.assign(n, 0.0);
  for (std::size_t k = 0; k + 1 < c.cluster_first.size(); ++k)
    for (int i = c.cluster_first[k]; i < c.cluster_first[k + 1]; ++i)
      c.centre_offset[i] = (c.centroid[i] - c.cluster_centre[k]).norm();
}

}  // namespace

ContactModel make_contact_model(const TriMesh& target_F, const TriMesh& casting_K,
                                double E, double v, double h, double min_proximity,
                                double max_proximity) {
  PATELLA_THROW_UNLESS(max_proximity > min_proximity);
  return make_contact_model(build_target_surface(target_F, max_proximity), max_proximity, casting_K, E, v, h,
                            min_proximity, max_proximity);
}

ContactModel make_contact_model(const TargetSurface& target, double target_max_proximity,
                                const TriMesh& casting_K, double E, double v, double h,
                                double min_proximity, double max_proximity) {
  PATELLA_THROW_UNLESS(E > 0 && v >= 0 && v < 0.5 && h > 0 && max_proximity > min_proximity);
  // the target's grid margin and shell search were sized for its own bound
  PATELLA_THROW_UNLESS(target_max_proximity >= max_proximity);
  ContactModel m;
  m.modulus_over_thickness = E * (1 - v) / ((1 + v) * (1 - 2 * v)) / h;
  m.min_proximity = min_proximity;
  m.max_proximity = max_proximity;
  m.target = target;

  // casting: centroids, normals, areas
  CastingSurface& c = m.casting;
  c.centroid.reserve(casting_K.faces.size());
  c.area.reserve(casting_K.faces.size());
  c.normal.reserve(casting_K.faces.size());
  for (const auto& F : casting_K.faces) {
    const Vec3 &p0 = casting_K.vertices[F[0]], &p1 = casting_K.vertices[F[1]],
               &p2 = casting_K.vertices[F[2]];
    const Vec3 nrm = (p1 - p0).cross(p2 - p0);
    c.centroid.push_back((p0 + p1 + p2) / 3.0);
    c.area.push_back(0.5 * nrm.norm());
    c.normal.push_back(nrm.norm() > 0 ? Vec3(nrm.normalized()) : Vec3::Zero());
  }

  // median ridge: 1 mm bins of z_K, the bin whose faces reach furthest posterior (min mean x_K)
  std::map<int, std::pair<double, int>> bins;
  for (const Vec3& p : c.centroid) {
    auto& b = bins[static_cast<int>(std::floor(p.z() / 1e-3))];
    b.first += p.x();
    b.second += 1;
  }
  double best_x = 1e300;
  for (const auto& [k, b] : bins) {
    if (b.second < 10) continue;  // ignore sparse edge bins
    const double mean_x = b.first / b.second;
    if (mean_x < best_x) {
      best_x = mean_x;
      c.ridge_z = (k + 0.5) * 1e-3;
    }
  }
  for (const Vec3& p : c.centroid) c.lateral.push_back(p.z() > c.ridge_z ? 1 : 0);
  build_clusters(c);
  return m;
}

void split_compartments(CastingSurface& c) {
  std::vector<double> z;
  for (const Vec3& p : c.centroid) z.push_back(p.z());
  if (z.empty()) return;
  std::sort(z.begin(), z.end());
  const double lo = z.front(), hi = z.back();
  double split = 0.5 * (lo + hi), widest = 0.0;
  for (std::size_t i = 1; i < z.size(); ++i) {
    const double mid = 0.5 * (z[i] + z[i - 1]);
    if (mid < lo + 0.2 * (hi - lo) || mid > hi - 0.2 * (hi - lo)) continue;
    if (z[i] - z[i - 1] > widest) {
      widest = z[i] - z[i - 1];
      split = mid;
    }
  }
  c.ridge_z = split;
  for (std::size_t f = 0; f < c.centroid.size(); ++f) c.lateral[f] = c.centroid[f].z() > split ? 1 : 0;
}

ContactWorkspace make_contact_workspace(const ContactModel& model) {
  const std::size_t n = model.casting.centroid.size();
  ContactWorkspace ws;
  ws.clearance.assign(n, 0.0);
  ws.clear_at.assign(n, Vec3::Zero());
  ws.last_hit.assign(n, -1);
  ws.nearest.assign(n, -1);
  ws.depth.assign(n, 0.0);
  ws.pressure.assign(n, 0.0);
  ws.hit_face.assign(n, -1);
  ws.in_contact.reserve(n);
  ws.cluster_slack.assign(model.casting.cluster_centre.size(), -1.0);
  for (const Vec3& x : model.casting.centroid) ws.reach = std::max(ws.reach, x.norm());
  return ws;
}

void compute_contact(const ContactModel& model, const Transform& X_FK, bool want_jacobian,
                     ContactWorkspace& ws, ContactResult& out) {
  const CastingSurface& cs = model.casting;
  const TargetSurface& ts = model.target;
  const std::size_t n = cs.centroid.size();
  PATELLA_THROW_UNLESS(ws.depth.size() == n);
  out = ContactResult{};
  const double k = model.modulus_over_thickness;
  double sum_pA = 0.0, sum_pA_lateral = 0.0;
  Vec3 sum_pAc = Vec3::Zero();
  Eigen::Matrix<double, 6, 6> jac_sum = Eigen::Matrix<double, 6, 6>::Zero();
  // only the faces that touched last time hold non-zero outputs
  for (int i : ws.in_contact) {
    ws.depth[i] = 0.0;
    ws.pressure[i] = 0.0;
    ws.hit_face[i] = -1;
  }
  ws.in_contact.clear();

  // a cluster whose centre lies further outside the femoral cartilage than its radius cannot
  // touch it (1-Lipschitz: sd(c_i) >= sd(centre) - |c_i - centre|), and neither can any of its
  // faces further from the centre than that screen. The faces are visited in the casting
  // surface's order (cluster by cluster) either way, so the sums do not depend on the culling.
  // A cluster whose faces were all skipped by their clearances last time, with room left
  // (cluster_slack), stays skipped while no point of its ball moved as far: a point x of K moves
  // by (R - R0) x + (p - p0), at most |that at the centre| + ||R - R0||_F radius.
  const std::size_t n_clusters = cs.cluster_centre.size();
  PATELLA_THROW_UNLESS(ws.cluster_slack.size() == n_clusters && cs.cluster_first.size() == n_clusters + 1);
  // At a workspace's first evaluation and after a move of more than kSeedMove at some face since
  // its last (a new frame's first, a long Newton step), the walks start at the femoral face the distance grid holds as
  // nearest the centroid: the hit is then a step or two away, where the last hit can be tens of
  // faces away (about 0.5 mm wide) and a walk over them misses the cache at every step. The hit
  // found is the same either way (the certificates below do not depend on where a walk began).
  constexpr double kSeedMove = 1e-3;  // [m]
  bool seed_from_grid = false;
  if (ws.use_culling) {
    seed_from_grid = !ws.evaluated || (X_FK.p - ws.last_pose.p).norm() +
                                              (X_FK.R - ws.last_pose.R).norm() * ws.reach > kSeedMove;
    ws.last_pose = X_FK;
    ws.evaluated = true;
  }
  const Mat3 dR = X_FK.R - ws.pose_at_slack.R;
  const Vec3 dp = X_FK.p - ws.pose_at_slack.p;
  const double dR_norm = dR.norm();
  if (ws.use_culling) ws.pose_at_slack = X_FK;
  for (std::size_t cl = 0; cl < n_clusters; ++cl) {
    double& slack = ws.cluster_slack[cl];
    double cluster_screen = -1.0;  // [m] a lower bound on sd at the cluster's centre
    if (ws.use_culling) {
      if (slack > 0.0) {
        const double moved = (dR * cs.cluster_centre[cl] + dp).norm() + dR_norm * cs.cluster_radius[cl];
        if (moved < slack) {
          slack -= moved;
          continue;
        }
      }
      cluster_screen = distance_screen(ts.distance, X_FK * cs.cluster_centre[cl]);
      if (cluster_screen > cs.cluster_radius[cl]) {
        // screened out with room left: every point of its ball lies at least this far outside
        slack = cluster_screen - cs.cluster_radius[cl];
        continue;
      }
      // visited now: the faces below give the slack anew
      slack = std::numeric_limits<double>::infinity();
    }
    for (int i = cs.cluster_first[cl]; i < cs.cluster_first[cl + 1]; ++i) {
      // casting face centroid in F
      const Vec3 c = X_FK * cs.centroid[i];

      // a face the grid places outside the femoral cartilage cannot overlap it. Each face keeps
      // the clearance found at an earlier pose: distance is 1-Lipschitz, so while the centroid
      // has moved less than it, the face stays out
      if (ws.use_culling) {
        const double clear = ws.clearance[i];
        if (clear > 0.0) {
          const double moved2 = (c - ws.clear_at[i]).squaredNorm();
          if (clear * clear > moved2) {
            if (slack > 0.0) slack = std::min(slack, clear - std::sqrt(moved2));
            continue;
          }
        }
        // further from the cluster's centre than its screen: outside, no grid lookup needed
        const double bound = cluster_screen - cs.centre_offset[i];
        if (bound > 0.0) {
          ws.clearance[i] = bound;
          ws.clear_at[i] = c;
          ws.last_hit[i] = -1;
          if (slack > 0.0) slack = std::min(slack, bound);
          continue;
        }
        slack = -1.0;  // a face of this cluster is visited further
      }

      // ray direction: into the patella, along its face's inward normal
      const Vec3 u = -(X_FK.R * cs.normal[i]);
      double d = -1.0;
      int f = ws.last_hit[i];
      const int f_last = f;
      if (seed_from_grid && f >= 0) {
        const int g = nearest_face_hint(ts.distance, c);
        if (g >= 0) f = g;
      }
      bool walked = false;
      bool inside = false;
      if (ws.use_culling) {
        // A face in contact last time first walks to its hit. Where the ray leaves through it
        // within the ball where the sheet faces one way (sheet_radius, as below), with the
        // nearest surface point inside that ball too (2 d + offset), the centroid is inside the
        // cartilage: the screen, a lower bound on the signed distance, could not rule it out, and
        // the checks below would all pass (in range, certified first crossing)
        if (f >= 0) {
          f = walk_to_hit(ts, f, c, u, d);
          walked = true;
          if (f >= 0) {
            const double mu = ts.normal[f].dot(u);
            inside = d >= model.min_proximity && d > 0.0 && d <= model.max_proximity &&
                     hit_within(ts, f, c, u, d, sheet_radius(ts, f, mu) - 2 * d);
          }
        }
        if (!inside) {
          const double screen = distance_screen(ts.distance, c);
          if (screen > 0.0) {
            ws.clearance[i] = screen;
            ws.clear_at[i] = c;
            ws.last_hit[i] = -1;
            continue;
          }
        }
      }

      // try last evaluation's femoral face first, as JAM does: still valid if the ray leaves
      // through it in range and crosses nothing before it. Only the shell's other side could be
      // crossed first, and not while the depth is under half the shell's thickness along the
      // ray there; deeper hits are checked with a short query. When the hit has moved on, the
      // walk over the edge neighbours finds the face it moved to, and that face always gets the
      // short query: where the surface folds (rims, the groove's flanks under a grazing ray) a
      // walk can slide along it to a crossing beyond the first. (The Lenhart femoral cartilage
      // is an open sheet: no face has a shell's other side within max_proximity.)
      // Without a last hit the walk starts from the femoral face nearest this centroid at an
      // earlier evaluation. A crossing found behind the centroid (d < 0) where the sheet faces
      // one way puts the centroid outside the cartilage: the line leaves it there and cannot
      // enter again before the centroid (no face in the ball of radius |d| about that crossing
      // turns against u), as the exact signed distance would say, without the query.
      if (!walked) {
        int seed = f >= 0 ? f : (ws.use_culling ? ws.nearest[i] : -1);
        if (f < 0 && seed_from_grid) {
          const int g = nearest_face_hint(ts.distance, c);
          if (g >= 0) seed = g;
        }
        if (seed >= 0) f = walk_to_hit(ts, seed, c, u, d);
      }
      if (f >= 0 && !inside) {
        const double mu = ts.normal[f].dot(u);
        if (!(mu > 0.0)) d = -1.0;
        // the hit's distance from the face's centroid, for the certificates only (the usual case,
        // the same face as last time in front of the centroid, does not need it)
        auto from_centroid = [&] { return hit_offset(ts, f, c, u, d); };
        const double sheet = sheet_radius(ts, f, mu);
        if (ws.use_culling && d < 0.0 && d < model.min_proximity && sheet > 0.0 &&
            from_centroid() - d <= sheet) {
          ws.nearest[i] = f;
          ws.clearance[i] = 0.0;
          ws.last_hit[i] = -1;
          continue;
        }
        double t_before = 0.0;
        // a walked-to face needs no query where the sheet around it faces one way (sheet_radius):
        // the segment from c to the hit lies in the ball of radius d about the hit, every face
        // there turns less than 85 deg from u, so the ray only leaves the cartilage there
        const bool certain = f == f_last ? d <= 0.5 * ts.shell_thickness[f] / mu
                                         : sheet > 0.0 && d >= 0.0 && d + from_centroid() <= sheet;
        if (d < model.min_proximity || d > model.max_proximity ||
            (!certain && cast_ray(ts, c, u, model.min_proximity, d * (1 - 1e-9), t_before) >= 0))
          f = -1;
      }
      // a centroid outside the femoral cartilage (exact signed distance > 0) cannot overlap it
      if (f < 0 && ws.use_culling) {
        const double sd = signed_distance(ts, c, &ws.nearest[i]);
        if (sd > 0.0) {
          ws.clearance[i] = sd;
          ws.clear_at[i] = c;
          ws.last_hit[i] = -1;
          continue;
        }
      }
      // the BVH: the first face crossed counts only if the ray leaves through it
      if (f < 0) {
        f = cast_ray(ts, c, u, model.min_proximity, model.max_proximity, d);
        if (f >= 0 && !(ts.normal[f].dot(u) > 0.0)) f = -1;
      }
      ws.last_hit[i] = f;
      if (f < 0 || d <= 0.0) continue;
      const int mesh_i = cs.mesh_face[i];
      ws.hit_face[mesh_i] = f;
      ws.clearance[i] = 0.0;
      ws.in_contact.push_back(mesh_i);

      // pressure and lumped force at the centroid (r x u once: the moment and the Jacobian's
      // lower rows are both along it)
      const double p = k * d;
      const double A = cs.area[i];
      const double pA = p * A;
      const Vec3 fi = pA * u;
      const Vec3 r = c - X_FK.p;
      const Vec3 rxu = r.cross(u);
      ws.depth[mesh_i] = d;
      ws.pressure[mesh_i] = p;
      out.force += fi;
      out.moment += pA * rxu;
      out.area += A;
      out.energy += 0.5 * pA * d;
      out.peak_pressure = std::max(out.peak_pressure, p);
      out.faces_in_contact += 1;
      sum_pA += pA;
      sum_pAc += pA * c;
      if (cs.lateral[i]) {
        sum_pA_lateral += pA;
        out.lateral_force += fi;
        out.lateral_moment += pA * rxu;
      }

      if (want_jacobian) {
        // depth to the femoral face plane: d = -m.(c - x)/(m.u); with dc = -[r]x dth + dp and
        // du = -[u]x dth, dd = (m x q).dth/(m.u) - m.dp/(m.u), q = r + d u (the hit point from the
        // origin). With df = kA (u dd + d du) and dM = [f]x [r]x dth + [r]x df, summed over faces:
        //   dF/dth = sum a (m x q)^T - [F]x      dF/dp = -sum a m^T
        //   dM/dth = sum b (m x q)^T - [M]x      dM/dp = -sum b m^T
        // with a = kA u/(m.u), b = r x a ([a]x[b]x - [b]x[a]x = [a x b]x gives the [M]x term), so
        // each face adds one rank-1 6x6 product
        const Vec3& m = ts.normal[f];
        const double s_i = k * A / m.dot(u);
        Eigen::Matrix<double, 6, 1> left, right;
        left << s_i * u, s_i * rxu;
        right << m.cross(r + d * u), m;
        jac_sum.noalias() += left * right.transpose();
      }
    }
  }
  if (out.area > 0) {
    out.mean_pressure = sum_pA / out.area;
    out.center_of_pressure = sum_pAc / sum_pA;
    out.lateral_fraction = sum_pA_lateral / sum_pA;
  }
  if (want_jacobian) {
    out.jacobian.block<3, 3>(0, 0) = jac_sum.block<3, 3>(0, 0) - skew(out.force);
    out.jacobian.block<3, 3>(0, 3) = -jac_sum.block<3, 3>(0, 3);
    out.jacobian.block<3, 3>(3, 0) = jac_sum.block<3, 3>(3, 0) - skew(out.moment);
    out.jacobian.block<3, 3>(3, 3) = -jac_sum.block<3, 3>(3, 3);
  }
}

}  // namespace patella
