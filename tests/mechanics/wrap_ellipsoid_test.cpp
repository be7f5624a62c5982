#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "patella/mechanics/wrap_ellipsoid.hpp"
#include "support/code_case.hpp"

using namespace patella;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// the ellipsoid's pose in F, not aligned with F, to exercise the frame change
const Transform kX_FW{axis_angle(Vec3(1, 2, 0.5), 0.7), Vec3(0.01, -0.02, 0.03)};
const Vec3 kRadii(0.03, 0.02, 0.025);  // a mildly non-spherical ellipsoid [m]
constexpr double kR = 0.02;           // sphere radius [m]

// in W: (x/r)^2 summed, minus one (zero on the surface)
double surface_residual(const Vec3& p_W, const Vec3& radii) {
  return p_W.cwiseQuotient(radii).squaredNorm() - 1.0;
}

// Points (in W) along the wrapped path: reconstructs the arc independently of the implementation,
// from a and the tangent points only. In the unit-sphere space the path lies in the plane through
// a', ta', tb'; it cuts the sphere in a circle (centre c, radius rho); the arc leaves ta' along the
// incoming line a'->ta' and runs on that circle until tb'.
struct ArcGeometry {
  Vec3 c;         // circle centre (scaled space)
  double rho;     // circle radius
  Vec3 e0, d0;    // unit vectors: centre -> start point, start direction
  double angle;   // arc angle
};
ArcGeometry arc_geometry(const Vec3& a, const Vec3& ta, const Vec3& tb, const Vec3& radii) {
  const Vec3 a_s = a.cwiseQuotient(radii), ta_s = ta.cwiseQuotient(radii),
             tb_s = tb.cwiseQuotient(radii);
  Vec3 n = (ta_s - a_s).cross(tb_s - a_s).normalized();
  const Vec3 c = n * n.dot(a_s);
  const double rho = std::sqrt(1.0 - c.squaredNorm());
  const Vec3 e0 = (ta_s - c).normalized();
  Vec3 d0 = ta_s - a_s;
  d0 -= e0 * e0.dot(d0);
  d0.normalize();
  double angle = std::atan2((tb_s - c).dot(d0), (tb_s - c).dot(e0));
  if (angle < 0) angle += 2 * kPi;
  return {c, rho, e0, d0, angle};
}
Vec3 arc_point(const ArcGeometry& g, const Vec3& radii, double s) {
  return radii.cwiseProduct(g.c + g.rho * (g.e0 * std::cos(s * g.angle) +
                                           g.d0 * std::sin(s * g.angle)));
}

// arc length by polylines with n and 2n segments and Richardson extrapolation (error ~ 1/n^4)
double arc_length_polyline(const ArcGeometry& g, const Vec3& radii, int n) {
  const auto poly = [&](int m) {
    double len = 0.0;
    Vec3 prev = arc_point(g, radii, 0.0);
    for (int i = 1; i <= m; ++i) {
      const Vec3 p = arc_point(g, radii, static_cast<double>(i) / m);
      len += (p - prev).norm();
      prev = p;
    }
    return len;
  };
  return (4.0 * poly(2 * n) - poly(n)) / 3.0;
}

// Closest point on the ellipsoid surface to y (in W), by bisection on the Lagrange multiplier:
// x_i = r_i^2 y_i / (r_i^2 + t) with sum (x_i / r_i)^2 = 1.
Vec3 project_to_surface(const Vec3& y, const Vec3& radii) {
  const auto f = [&](double t) {
    double s = 0.0;
    for (int i = 0; i < 3; ++i) s += std::pow(radii[i] * y[i] / (radii[i] * radii[i] + t), 2);
    return s - 1.0;
  };
  const double r2min = radii.minCoeff() * radii.minCoeff();
  double lo = -r2min, hi = 0.0;  // y inside: the root is in (-rmin^2, 0]
  if (f(0.0) < 0.0) {
    for (int it = 0; it < 200 && hi - lo > 1e-30; ++it) {
      const double mid = 0.5 * (lo + hi);
      (f(mid) > 0.0 ? lo : hi) = mid;
    }
  }
  const double t = 0.5 * (lo + hi);
  Vec3 x;
  for (int i = 0; i < 3; ++i) x[i] = radii[i] * radii[i] * y[i] / (radii[i] * radii[i] + t);
  return x;
}

// Brute-force shortest path (in W) from a to b outside the ellipsoid: a polyline of n_points,
// started on the given wrap result's path (so it finds the nearby shortest path), then relaxed by
// projected successive over-relaxation of sum |p_{i+1} - p_i|^2 (whose constrained minimiser is a
// discrete geodesic with uniform spacing) with the interior points kept outside the ellipsoid.
double brute_force_path(const Vec3& a, const Vec3& b, const EllipsoidWrapResult& w_W,
                        const Vec3& radii, int n_points, int* sweeps_used = nullptr) {
  const ArcGeometry g = arc_geometry(a, w_W.tangent_a, w_W.tangent_b, radii);
  const double la = (w_W.tangent_a - a).norm(), lb = (b - w_W.tangent_b).norm();
  const double lc = arc_length_polyline(g, radii, 1000), total = la + lb + lc;
  // initial points spaced uniformly in path length
  std::vector<Vec3> p(n_points);
  for (int i = 0; i < n_points; ++i) {
    const double s = total * i / (n_points - 1);
    if (s <= la)
      p[i] = a + (w_W.tangent_a - a) * (s / la);
    else if (s >= la + lc)
      p[i] = w_W.tangent_b + (b - w_W.tangent_b) * ((s - la - lc) / lb);
    else
      p[i] = arc_point(g, radii, (s - la) / lc);
    if (surface_residual(p[i], radii) < 0) p[i] = project_to_surface(p[i], radii);
  }
  const double omega = 2.0 / (1.0 + std::sin(kPi / n_points));
  int sweep = 0;
  for (; sweep < 200000; ++sweep) {
    double max_move = 0.0;
    for (int i = 1; i + 1 < n_points; ++i) {
      Vec3 q = p[i] + omega * (0.5 * (p[i - 1] + p[i + 1]) - p[i]);
      if (surface_residual(q, radii) < 0) q = project_to_surface(q, radii);
      max_move = std::max(max_move, (q - p[i]).norm());
      p[i] = q;
    }
    if (max_move < 1e-15) break;
  }
  if (sweeps_used) *sweeps_used = sweep;
  double len = 0.0;
  for (int i = 1; i < n_points; ++i) len += (p[i] - p[i - 1]).norm();
  return len;
}

// In W: tangent points on the surface; the straight parts tangent to the surface there; the
// path (a, ta, tb, b and the centre) in one central plane, so the arc continues the lines.
void check_tangency(const Vec3& a_F, const Vec3& b_F, const EllipsoidWrapResult& w,
                    const Vec3& radii) {
  const Transform X_WF = kX_FW.inverse();
  const Vec3 a = X_WF * a_F, b = X_WF * b_F, ta = X_WF * w.tangent_a, tb = X_WF * w.tangent_b;
  CHECK(std::abs(surface_residual(ta, radii)) < 1e-12);
  CHECK(std::abs(surface_residual(tb, radii)) < 1e-12);
  const Vec3 na = ta.cwiseQuotient(radii.cwiseProduct(radii)).normalized();  // outward normals
  const Vec3 nb = tb.cwiseQuotient(radii.cwiseProduct(radii)).normalized();
  const Vec3 da = (ta - a).normalized(), db = (b - tb).normalized();  // path directions
  CHECK(std::abs(da.dot(na)) < 1e-9);
  CHECK(std::abs(db.dot(nb)) < 1e-9);
  // a, ta, tb, b in one plane (the section plane), so the arc is that plane's section curve; its
  // direction at the tangent points (in the plane and tangent to the surface) continues the lines
  const Vec3 plane_n = (ta - a).cross(b - a).normalized();
  CHECK(std::abs(plane_n.dot(tb - a)) < 1e-12);
  const Vec3 arc_dir_a = plane_n.cross(na).normalized(), arc_dir_b = plane_n.cross(nb).normalized();
  CHECK(da.cross(arc_dir_a).norm() < 1e-9);  // no kink at ta
  CHECK(db.cross(arc_dir_b).norm() < 1e-9);  // no kink at tb
  // and the path does not reverse there: a -> ta -> arc -> tb -> b runs forward
  const ArcGeometry g = arc_geometry(a, ta, tb, radii);
  const Vec3 start_dir = (arc_point(g, radii, 1e-6) - ta).normalized();
  const Vec3 end_dir = (tb - arc_point(g, radii, 1 - 1e-6)).normalized();
  CHECK(start_dir.dot(da) > 0.999);
  CHECK(end_dir.dot(db) > 0.999);
}

}  // namespace

TEST_CASE("Ellipsoid wrap: no wrap when the segment misses", "[wrap][ellipsoid]") {
  const auto check_straight = [](const Vec3& a_W, const Vec3& b_W, const std::string& quadrant) {
    const Vec3 a = kX_FW * a_W, b = kX_FW * b_W;
    const EllipsoidWrapResult w = wrap_ellipsoid(a, b, kX_FW, kRadii, quadrant);
    CHECK_FALSE(w.wrapped);
    CHECK((w.tangent_a - b).norm() == 0.0);
    CHECK((w.tangent_b - a).norm() == 0.0);
    CHECK_THAT(w.length, WithinRel((b - a).norm(), 1e-15));
  };
  // the line passes above the ellipsoid (y = 0.021 > 0.02 at x = z = 0)
  check_straight({-0.06, 0.021, 0.0}, {0.06, 0.021, 0.0}, "all");
  // OpenSim: a quadrant never forces a wrap of a segment that misses, even on the forbidden side
  check_straight({-0.06, 0.021, 0.0}, {0.06, 0.021, 0.0}, "-y");
  // the line crosses the ellipsoid, but the segment stops before it
  check_straight({-0.09, 0.0, 0.001}, {-0.04, 0.0, 0.0}, "all");
  // an end inside the ellipsoid (OpenSim "insideRadius")
  check_straight({-0.06, 0.0, 0.0}, {0.0, 0.0, 0.02}, "all");
  // a crossing segment does wrap (so the cases above are not vacuous)
  const EllipsoidWrapResult w =
      wrap_ellipsoid(kX_FW * Vec3(-0.06, 0.019, 0.0), kX_FW * Vec3(0.06, 0.019, 0.0), kX_FW, kRadii,
                     "all");
  CHECK(w.wrapped);
}

TEST_CASE("Ellipsoid wrap: a sphere gives the analytic great-circle wrap", "[wrap][ellipsoid]") {
  const Vec3 radii(kR, kR, kR);
  // in W, in the z = 0 plane: a at 0 deg, b at 150 deg, both at 2R. The tangent points are at
  // 60 and 90 deg, the path length R (2 sqrt(3) + pi / 6).
  const double c = std::cos(deg_to_rad(150)), s = std::sin(deg_to_rad(150));
  const Vec3 a = kX_FW * Vec3(2 * kR, 0, 0), b = kX_FW * Vec3(2 * kR * c, 2 * kR * s, 0);
  // lengths and tangent points against the closed form: validation::verify_wrap_sphere, shared
  // with docs/verification.md; the tangency of the path is checked here
  const validation::CodeCase vc = validation::verify_wrap_sphere();
  test::check_code_case(vc);
  CHECK(vc.coverage.at("wrapped") == 4);
  const EllipsoidWrapResult w = wrap_ellipsoid(a, b, kX_FW, radii, "all");
  REQUIRE(w.wrapped);
  check_tangency(a, b, w, radii);

  // general 3-D crossings at different distances
  const Vec3 ends[][2] = {{{-0.05, 0.004, 0.011}, {0.043, -0.002, -0.013}},
                          {{0.021, 0.03, -0.004}, {-0.015, -0.045, 0.012}},
                          {{0.0, 0.0, 0.08}, {0.012, -0.005, -0.025}}};
  for (const auto& e : ends) {
    const EllipsoidWrapResult g = wrap_ellipsoid(kX_FW * e[0], kX_FW * e[1], kX_FW, radii, "all");
    REQUIRE(g.wrapped);
    check_tangency(kX_FW * e[0], kX_FW * e[1], g, radii);
    // the great circle: the path's plane passes through the centre (to the precision of the
    // plane search, whose length error is second order)
    const Transform X_WF = kX_FW.inverse();
    const Vec3 ta = X_WF * g.tangent_a, tb = X_WF * g.tangent_b;
    CHECK(std::abs((ta - e[0]).cross(e[1] - e[0]).normalized().dot(e[0])) < 1e-6 * kR);
    CHECK(std::abs(ta.cross(tb).normalized().dot(e[1].normalized())) < 1e-6);
  }
}

TEST_CASE("Ellipsoid wrap: length is continuous across the wrap/no-wrap boundary",
          "[wrap][ellipsoid]") {
  // the segment first touches the ellipsoid (W) at about (-0.0072, -0.0183, 0.0082) (checked
  // below), so the quadrants "-y", "-x" and "z" keep the path on the short side there and the
  // length is continuous; with "x" the touching side is forbidden and the path jumps to the far
  // side as soon as the segment crosses (as OpenSim's far-side wrap does)
  for (const std::string quadrant : {"all", "-y", "-x", "z", "x"}) {
    const Vec3 a = kX_FW * Vec3(-0.06, -0.01, 0.005);
    const auto b_at = [&](double t) { return kX_FW * Vec3(0.055, -0.045 + t, 0.012); };
    const auto wrap_at = [&](double t) { return wrap_ellipsoid(a, b_at(t), kX_FW, kRadii, quadrant); };
    // t = 0: the segment passes below the ellipsoid; t = 0.04: it crosses it
    REQUIRE_FALSE(wrap_at(0.0).wrapped);
    REQUIRE(wrap_at(0.04).wrapped);
    double lo = 0.0, hi = 0.04;
    for (int i = 0; i < 60; ++i) (wrap_at(0.5 * (lo + hi)).wrapped ? hi : lo) = 0.5 * (lo + hi);
    const Vec3 touch = kX_FW.inverse() * wrap_ellipsoid(a, b_at(hi), kX_FW, kRadii, "all").tangent_a;
    REQUIRE(touch.x() < -0.005);
    REQUIRE(touch.y() < -0.015);
    REQUIRE(touch.z() > 0.005);
    if (quadrant == "x") {
      CHECK(wrap_at(hi).length - wrap_at(lo).length > 0.01);
      continue;
    }
    // right at the boundary: same length on both sides
    CHECK(std::abs(wrap_at(hi).length - wrap_at(lo).length) < 1e-12);
    // a sweep through the boundary: the length changes no faster than the end point moves
    // (a jump to another side or a missing arc would be centimetres)
    const double step = 1e-5;
    double prev = wrap_at(lo - 200 * step).length;
    bool seen_wrap = false, seen_straight = false;
    for (int i = -199; i <= 200; ++i) {
      const EllipsoidWrapResult w = wrap_at(lo + i * step);
      (w.wrapped ? seen_wrap : seen_straight) = true;
      CHECK(std::abs(w.length - prev) <= 1.01 * step);
      prev = w.length;
    }
    CHECK(seen_wrap);
    CHECK(seen_straight);
  }
}

TEST_CASE("Ellipsoid wrap: tangent points on the surface, path tangent to it",
          "[wrap][ellipsoid]") {
  const Vec3 ends[][2] = {{{-0.06, 0.005, 0.01}, {0.05, -0.004, 0.03}},
                          {{0.01, 0.05, -0.02}, {-0.012, -0.04, 0.018}},
                          {{0.035, 0.001, 0.0}, {-0.04, 0.0, 0.004}},  // one end close
                          {{-0.02, 0.03, 0.05}, {0.03, -0.025, -0.04}}};
  for (const auto& e : ends)
    for (const std::string quadrant : {"all", "x", "-x", "y", "-y", "z", "-z"}) {
      const Vec3 a = kX_FW * e[0], b = kX_FW * e[1];
      const EllipsoidWrapResult w = wrap_ellipsoid(a, b, kX_FW, kRadii, quadrant);
      REQUIRE(w.wrapped);
      check_tangency(a, b, w, kRadii);
      // longer than the straight segment
      CHECK(w.length > (b - a).norm());
    }
}

TEST_CASE("Ellipsoid wrap: the elliptic arc length is integrated accurately",
          "[wrap][ellipsoid]") {
  // compared with a Richardson-extrapolated fine polyline of the arc, rebuilt from the tangent
  // points alone; also for a strongly flattened ellipsoid
  const Vec3 radii_set[] = {kRadii, Vec3(0.04, 0.006, 0.02), Vec3(0.005, 0.05, 0.03)};
  const Vec3 ends[][2] = {{{-0.06, 0.002, 0.01}, {0.05, -0.001, 0.02}},
                          {{0.003, 0.07, -0.01}, {-0.004, -0.06, 0.012}}};
  const Transform X_WF = kX_FW.inverse();
  for (const Vec3& radii : radii_set)
    for (const auto& e : ends)
      for (const std::string quadrant : {"all", "-x", "z"}) {
        const Vec3 a = kX_FW * e[0], b = kX_FW * e[1];
        const EllipsoidWrapResult w = wrap_ellipsoid(a, b, kX_FW, radii, quadrant);
        REQUIRE(w.wrapped);
        const Vec3 ta = X_WF * w.tangent_a, tb = X_WF * w.tangent_b;
        const double arc = w.length - (ta - e[0]).norm() - (e[1] - tb).norm();
        const double ref = arc_length_polyline(arc_geometry(e[0], ta, tb, radii), radii, 20000);
        CHECK(std::abs(arc - ref) < 1e-10);
      }
}

TEST_CASE("Ellipsoid wrap: close to and never shorter than a brute-force shortest path",
          "[wrap][ellipsoid]") {
  // W = F here: the brute force works in W
  const Transform I;
  const Vec3 ends[][2] = {{{-0.06, 0.005, 0.01}, {0.05, -0.004, 0.03}},
                          {{0.01, 0.05, -0.02}, {-0.012, -0.04, 0.018}},
                          {{-0.02, 0.03, 0.05}, {0.03, -0.025, -0.04}}};
  double max_diff = 0.0;
  for (const auto& e : ends) {
    const EllipsoidWrapResult w = wrap_ellipsoid(e[0], e[1], I, kRadii, "all");
    REQUIRE(w.wrapped);
    int sweeps = 0;
    const double bf = brute_force_path(e[0], e[1], w, kRadii, 300, &sweeps);
    const double diff = w.length - bf;
    INFO("wrap " << w.length << " m, brute force " << bf << " m, difference " << diff
                 << " m after " << sweeps << " sweeps");
    CHECK(sweeps < 200000);  // converged
    // the brute-force polyline cuts its chords slightly inside the surface: its length is below
    // the true shortest path by ~1e-9 m at 300 points, so "never shorter" is up to that
    CHECK(diff > -1e-8);
    // the best-planar-section approximation: measured 3e-8 .. 6.7e-7 m above this 300-point brute
    // force for these ~0.11 m paths (a central-plane section alone was up to 2.5e-3 m above)
    CHECK(diff < 1e-6);
    max_diff = std::max(max_diff, diff);
  }
  // a sphere: the method is exact, so the brute force must not find anything shorter either
  const Vec3 sphere(kR, kR, kR);
  const EllipsoidWrapResult s = wrap_ellipsoid(ends[0][0], ends[0][1], I, sphere, "all");
  const double bf_sphere = brute_force_path(ends[0][0], ends[0][1], s, sphere, 300);
  CHECK(std::abs(s.length - bf_sphere) < 1e-8);
  WARN("largest measured excess over the brute-force shortest path: " << max_diff << " m");
}

TEST_CASE("Ellipsoid wrap: quadrant forces the path to the required side", "[wrap][ellipsoid]") {
  const Transform X_WF = kX_FW.inverse();
  // in W: the segment crosses the ellipsoid above its centre (y > 0), so the short way is over +y
  const Vec3 a_W(-0.06, 0.006, 0.0), b_W(0.055, 0.004, 0.0);
  const Vec3 a = kX_FW * a_W, b = kX_FW * b_W;
  const EllipsoidWrapResult all = wrap_ellipsoid(a, b, kX_FW, kRadii, "all");
  REQUIRE(all.wrapped);
  CHECK((X_WF * all.tangent_a).y() > 0);
  CHECK((X_WF * all.tangent_b).y() > 0);
  // "+y" is already satisfied: the same path
  for (const std::string q : {"y", "+y", "Y", "+Y"}) {
    const EllipsoidWrapResult w = wrap_ellipsoid(a, b, kX_FW, kRadii, q);
    CHECK(w.length == all.length);
    CHECK((w.tangent_a - all.tangent_a).norm() == 0.0);
  }
  // "-y": the far side, over -y, longer
  for (const std::string q : {"-y", "-Y"}) {
    const EllipsoidWrapResult w = wrap_ellipsoid(a, b, kX_FW, kRadii, q);
    REQUIRE(w.wrapped);
    CHECK((X_WF * w.tangent_a).y() < 0);
    CHECK((X_WF * w.tangent_b).y() < 0);
    CHECK(w.length > all.length + 0.005);
    check_tangency(a, b, w, kRadii);
  }
  // a sphere: the far side has the analytic length (the long way round the great circle)
  const Vec3 sphere(kR, kR, kR);
  const EllipsoidWrapResult far = wrap_ellipsoid(a, b, kX_FW, sphere, "-y");
  const double theta = std::acos(a_W.normalized().dot(b_W.normalized()));
  const double far_len = std::sqrt(a_W.squaredNorm() - kR * kR) +
                         std::sqrt(b_W.squaredNorm() - kR * kR) +
                         kR * (2 * kPi - theta - std::acos(kR / a_W.norm()) -
                               std::acos(kR / b_W.norm()));
  CHECK_THAT(far.length, WithinRel(far_len, 1e-12));
  CHECK((X_WF * far.tangent_a).y() < 0);
  // an axis the plane barely involves: the side whose arc midpoint has the right sign
  const Vec3 c_W(-0.05, 0.003, 0.03), d_W(0.05, -0.001, -0.028);
  for (const std::string q : {"x", "-x", "z", "-z"}) {
    const int k = (q.back() == 'x') ? 0 : 2;
    const double sign = q[0] == '-' ? -1.0 : 1.0;
    const EllipsoidWrapResult w = wrap_ellipsoid(kX_FW * c_W, kX_FW * d_W, kX_FW, kRadii, q);
    REQUIRE(w.wrapped);
    // the arc midpoint (rebuilt from the tangent points) is on the active half
    const Vec3 ta = X_WF * w.tangent_a, tb = X_WF * w.tangent_b;
    const Vec3 mid = arc_point(arc_geometry(c_W, ta, tb, kRadii), kRadii, 0.5);
    CHECK(sign * mid[k] > 0);
  }
  CHECK_THROWS_AS(wrap_ellipsoid(a, b, kX_FW, kRadii, "w"), std::invalid_argument);
  CHECK_THROWS_AS(wrap_ellipsoid(a, b, kX_FW, Vec3(0.01, 0, 0.01), "all"), std::invalid_argument);
}

TEST_CASE("Ellipsoid wrap: invariant under rotation and translation of the wrap frame",
          "[wrap][ellipsoid]") {
  const Transform I;
  const Transform poses[] = {kX_FW, Transform{axis_angle(Vec3(-0.3, 0.2, 1), 2.4), Vec3(0.4, 0.1, -0.7)},
                             Transform{body_fixed_xyz(Vec3(0.3, -1.2, 2.0)), Vec3(-0.05, 0.2, 0.01)}};
  const Vec3 ends[][2] = {{{-0.06, 0.005, 0.01}, {0.05, -0.004, 0.03}},
                          {{0.01, 0.05, -0.02}, {-0.012, -0.04, 0.018}}};
  for (const auto& e : ends)
    for (const std::string quadrant : {"all", "-y", "z"}) {
      const EllipsoidWrapResult ref = wrap_ellipsoid(e[0], e[1], I, kRadii, quadrant);
      REQUIRE(ref.wrapped);
      for (const Transform& X : poses) {
        const EllipsoidWrapResult w = wrap_ellipsoid(X * e[0], X * e[1], X, kRadii, quadrant);
        REQUIRE(w.wrapped);
        CHECK_THAT(w.length, WithinRel(ref.length, 1e-12));
        // tangent points: to the precision of the section-plane search (a minimum: the length is
        // insensitive to first order, the plane is found to ~1e-7 rad)
        CHECK((w.tangent_a - X * ref.tangent_a).norm() < 1e-8);
        CHECK((w.tangent_b - X * ref.tangent_b).norm() < 1e-8);
      }
    }
}

TEST_CASE("Ellipsoid wrap: started from a nearby configuration's plane (psi), the same path as "
          "the full search, and a hint that cannot converge falls back to it", "[wrap][ellipsoid]") {
  const Vec3 ends[][2] = {{{-0.06, 0.005, 0.01}, {0.05, -0.004, 0.03}},
                          {{0.01, 0.05, -0.02}, {-0.012, -0.04, 0.018}},
                          {{-0.02, 0.03, 0.05}, {0.03, -0.025, -0.04}}};
  const Transform I;  // W = F: these ends pass through the ellipsoid there
  int compared = 0;
  for (const auto& e : ends)
    for (const char* quadrant : {"all", "+x", "-y"}) {
      double psi0 = std::numeric_limits<double>::quiet_NaN();
      const EllipsoidWrapResult base = wrap_ellipsoid(e[0], e[1], I, kRadii, quadrant, &psi0);
      REQUIRE(base.wrapped);
      // the plane is reported when the unconstrained search chose it, and only then
      const EllipsoidWrapResult plain = wrap_ellipsoid(e[0], e[1], I, kRadii, "all");
      CHECK(std::isfinite(psi0) == (std::abs(plain.length - base.length) < 1e-15));
      if (!std::isfinite(psi0)) continue;
      // end points moved as a finite difference's would (1e-4 rad about a joint ~ 10 um) and
      // much further (1 mm)
      for (double move : {1e-5, -1e-5, 1e-3}) {
        const Vec3 a = e[0] + move * Vec3(0.3, -0.5, 0.8), b = e[1] + move * Vec3(-0.6, 0.2, 0.4);
        double psi = psi0;
        const EllipsoidWrapResult hinted = wrap_ellipsoid(a, b, I, kRadii, quadrant, &psi);
        const EllipsoidWrapResult full = wrap_ellipsoid(a, b, I, kRadii, quadrant);
        INFO("quadrant " << quadrant << ", move " << move);
        REQUIRE(hinted.wrapped == full.wrapped);
        CHECK(std::abs(hinted.length - full.length) < 1e-14);
        CHECK((hinted.tangent_a - full.tangent_a).norm() < 1e-6);
        CHECK((hinted.tangent_b - full.tangent_b).norm() < 1e-6);
        CHECK(std::isfinite(psi));
        ++compared;
      }
      // a hint on the wrong side of the line (psi + pi) is not followed to a longer path
      double far = psi0 + kPi;
      const EllipsoidWrapResult from_far = wrap_ellipsoid(e[0], e[1], I, kRadii, quadrant, &far);
      CHECK(std::abs(from_far.length - base.length) < 1e-14);
    }
  CHECK(compared >= 9);
}
