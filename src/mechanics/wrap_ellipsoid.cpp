#include "patella/mechanics/wrap_ellipsoid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

// Decision rules vs OpenSim (WrapObject::extendFinalizeFromProperties, WrapEllipsoid::wrapLine,
// WrapSphere::wrapLine in opensim-core):
//  - quadrant names: "x"/"+x"/"X"/"+X" -> +X, "-x"/"-X" -> -X, same for y and z, "all"/"ALL"/
//    "All"/"Unassigned" -> unconstrained (as WrapObject). We also accept "" as unconstrained.
//  - an end point inside (p1e = sum (x_i/r_i)^2 - 1 < -1e-4): no wrap ("insideRadius"), as both.
//  - the line must intersect the ellipsoid with both intersection parameters in (0, 1), else no
//    wrap, as both. In particular a quadrant never forces a wrap when the segment misses, and a
//    segment whose crossing is on the constrained side is wrapped like any other crossing.
//  - plane and side: OpenSim's WrapEllipsoid finds a surface point c1 near the chord inside the
//    ellipsoid (hybrid "Frans"/"fan" technique), mirrors it to the active half when it is on the
//    wrong side of the quadrant axis, and wraps in the plane through a, b and c1 (switching to a
//    far-side wrap if the result would turn the wrong way). Here the plane through a and b is
//    the one giving the shortest path (no quadrant involved); if its arc midpoint (our c1) is on
//    the forbidden half it is mirrored and the plane through a, b and the mirrored point is used,
//    on that point's side. If even that arc's midpoint were forbidden (a degenerate geometry), the
//    shortest path among the planes with an admissible midpoint is used, or failing that the one
//    reaching furthest into the active half. Differences: (1) OpenSim's c1 and plane are a
//    heuristic, ours minimise the length, so lengths differ at the level of OpenSim's own
//    approximation error; (2) OpenSim's dependence on the previous wrap's result is not
//    reproduced - the result here is a pure function of the inputs; (3) WrapSphere ignores the
//    quadrant when both end points lie on the active half; here the WrapEllipsoid rule is used for
//    equal radii too; (4) a segment through the centre needs no special case here (OpenSim's
//    sphere reuses the previous tangent points).

namespace patella {

namespace {

struct Quadrant {
  int axis = -1;     ///< 0, 1, 2 for X, Y, Z; -1 when unconstrained
  double sign = 0;   ///< +1 / -1 for the active half, 0 when unconstrained
};

Quadrant parse_quadrant(const std::string& q) {
  if (q.empty() || q == "all" || q == "ALL" || q == "All" || q == "Unassigned") return {};
  const char* axes = "xyz";
  for (int k = 0; k < 3; ++k) {
    const std::string lo(1, axes[k]), up(1, static_cast<char>(axes[k] - 'a' + 'A'));
    if (q == lo || q == up || q == "+" + lo || q == "+" + up) return {k, 1.0};
    if (q == "-" + lo || q == "-" + up) return {k, -1.0};
  }
  throw std::invalid_argument("wrap_ellipsoid: unknown quadrant '" + q + "'");
}

// 10-point Gauss-Legendre rule on [-1, 1] (nodes by Newton iteration on P_10)
struct GaussLegendre {
  static constexpr int n = 10;
  double x[n], w[n];
  GaussLegendre() {
    for (int i = 0; i < n; ++i) {
      double z = std::cos(kPi * (i + 0.75) / (n + 0.5)), dp = 1.0;
      for (int it = 0; it < 100; ++it) {
        double p0 = 1.0, p1 = z;
        for (int j = 2; j <= n; ++j) {
          const double p2 = ((2.0 * j - 1.0) * z * p1 - (j - 1.0) * p0) / j;
          p0 = p1;
          p1 = p2;
        }
        dp = n * (z * p1 - p0) / (z * z - 1.0);
        const double dz = p1 / dp;
        z -= dz;
        if (std::abs(dz) < 1e-16) break;
      }
      x[i] = z;
      w[i] = 2.0 / ((1.0 - z * z) * dp * dp);
    }
  }
};

// Length of the curve c(phi) = u cos(phi) + v sin(phi) for phi from phi0 to phi0 + span (span
// >= 0), given cos and sin of phi0. Panels no wider than max_panel, 10 Gauss-Legendre nodes each.
// |c'(phi)|^2 = |v|^2 cos^2 - 2 u.v sin cos + |u|^2 sin^2. The nodes' offsets from their panel's
// middle are the same in every panel and symmetric (x_{n-1-i} = -x_i: the same cosine, the sine
// negated), so five sines and cosines serve all nodes; each panel's middle is the last one turned
// by the panel width (angle addition: a few ulps over the panels, where each sine and cosine taken
// anew cost 15 ns; wrapping is most of a muscle path's cost).
double ellipse_arc_length(const Vec3& u, const Vec3& v, double cos0, double sin0, double span,
                          double max_panel) {
  static const GaussLegendre gl;
  constexpr int half = GaussLegendre::n / 2;
  if (!(span > 0.0)) return 0.0;
  const int panels = std::max(1, static_cast<int>(std::ceil(span / max_panel)));
  const double h = span / panels;
  const double uu = u.squaredNorm(), vv = v.squaredNorm(), uv = u.dot(v);
  double cd[half], sd[half];
  for (int i = 0; i < half; ++i) {
    cd[i] = std::cos(0.5 * h * gl.x[i]);
    sd[i] = std::sin(0.5 * h * gl.x[i]);
  }
  const double ch2 = std::cos(0.5 * h), sh2 = std::sin(0.5 * h);
  const double ch = 1.0 - 2.0 * sh2 * sh2, sh = 2.0 * sh2 * ch2;  // the panel width's
  double cm = cos0 * ch2 - sin0 * sh2, sm = sin0 * ch2 + cos0 * sh2;  // the first panel's middle
  const auto speed = [&](double c, double s) {
    return std::sqrt(std::max(0.0, vv * c * c - 2 * uv * s * c + uu * s * s));
  };
  double sum = 0.0;
  for (int p = 0; p < panels; ++p) {
    for (int i = 0; i < half; ++i) {
      const double a = cm * cd[i], b = sm * sd[i], c = sm * cd[i], d = cm * sd[i];
      sum += gl.w[i] * (speed(a - b, c + d) + speed(a + b, c - d));
    }
    const double next_c = cm * ch - sm * sh;
    sm = sm * ch + cm * sh;
    cm = next_c;
  }
  return 0.5 * h * sum;
}

// One candidate path in W: a -> ta, arc of a planar section of the ellipsoid, tb -> b.
struct Candidate {
  double length = 0.0;
  Vec3 ta, tb;  ///< tangent points in W
  Vec3 mid;     ///< arc midpoint in W (only when the line asks for it: a quadrant)
};

// The problem in the unit-sphere space: the line through a_s and b_s (direction u, foot point f
// at distance d0 < 1 from the centre) and an orthonormal pair m1, m2 normal to u, m1 pointing from
// the centre to the line.
struct ScaledLine {
  Vec3 a, b, radii;    ///< real ends and semi-axes (W)
  Vec3 u, m1, m2;      ///< scaled space
  double sa, sb, d0;   ///< a_s = f + sa u, b_s = f + sb u (sa < 0 < sb), |f| = d0
  double max_panel;
  bool want_mid;       ///< a quadrant constrains the arc's midpoint
};

// The path in the plane through the line whose path side is w = m1 cos(psi) + m2 sin(psi): the
// plane cuts the unit sphere in a circle (centre c, radius rho); in the plane the path is the
// tangent from a_s, the arc of that circle on the w side of the line, the tangent to b_s.
// psi = 0 is the central plane's near side, psi = pi its far side.
// The tangent points' directions from c are algebraic: the end's direction (s, y0) / r turned by
// alpha with cos(alpha) = rho / r (towards the arc), so only their angles need atan2.
Candidate path_in_plane(const ScaledLine& L, double psi) {
  const double cpsi = std::cos(psi), spsi = std::sin(psi);
  const Vec3 w = L.m1 * cpsi + L.m2 * spsi;
  const Vec3 n = L.u.cross(w);
  const double h = n.dot(L.m1) * L.d0;          // signed distance of the plane from the centre
  const Vec3 c = n * h;                         // circle centre
  const double rho = std::sqrt(std::max(0.0, 1.0 - h * h));
  // 2-D coordinates (along u, along w) about c: the line is Y = y0, a_s = (sa, y0), b_s = (sb, y0);
  // going over the +Y side from a (left) to b (right) is clockwise. An end within OpenSim's
  // tolerance inside the surface counts as on it (alpha = 0).
  const double y0 = L.d0 * cpsi;
  const auto tangent = [&](double s, double turn, double& cos_t, double& sin_t) {
    const double r = std::sqrt(s * s + y0 * y0);
    const double ca = std::min(1.0, rho / r), sa = std::sqrt(std::max(0.0, 1.0 - ca * ca));
    const double ce = s / r, se = y0 / r;  // the end's direction
    cos_t = ce * ca - turn * se * sa;      // turned by -alpha (turn = -1) or +alpha (turn = 1)
    sin_t = se * ca + turn * ce * sa;
  };
  double ca, sa_, cb, sb_;
  tangent(L.sa, -1.0, ca, sa_);  // phi_a - alpha_a, in (0, 3 pi/2): phi_a in (pi/2, 3 pi/2)
  tangent(L.sb, 1.0, cb, sb_);   // phi_b + alpha_b, in (-pi/2, pi)
  double ta_phi = std::atan2(sa_, ca);
  if (ta_phi < -0.5 * kPi) ta_phi += 2 * kPi;
  double tb_phi = std::atan2(sb_, cb);
  if (tb_phi > ta_phi) {  // the line crosses: tb_phi <= ta_phi
    tb_phi = ta_phi;
    cb = ca;
    sb_ = sa_;
  }
  const Vec3 o = L.radii.cwiseProduct(c), U = rho * L.radii.cwiseProduct(L.u),
             V = rho * L.radii.cwiseProduct(w);  // the arc in W: o + U cos(phi) + V sin(phi)
  Candidate cand;
  cand.ta = o + U * ca + V * sa_;
  cand.tb = o + U * cb + V * sb_;
  const double span = ta_phi - tb_phi;
  if (L.want_mid) {
    const double cm = std::cos(0.5 * span), sm = std::sin(0.5 * span);
    cand.mid = o + U * (cb * cm - sb_ * sm) + V * (sb_ * cm + cb * sm);
  }
  cand.length = (cand.ta - L.a).norm() + ellipse_arc_length(U, V, cb, sb_, span, L.max_panel) +
                (L.b - cand.tb).norm();
  return cand;
}

}  // namespace

EllipsoidWrapResult wrap_ellipsoid(const Vec3& a_F, const Vec3& b_F, const Transform& X_FW,
                                   const Vec3& radii, const std::string& quadrant, double* psi) {
  const double hint = psi ? *psi : std::numeric_limits<double>::quiet_NaN();
  if (psi) *psi = std::numeric_limits<double>::quiet_NaN();
  if (!(radii.minCoeff() > 0.0))
    throw std::invalid_argument("wrap_ellipsoid: radii must be positive");
  const Quadrant q = parse_quadrant(quadrant);

  EllipsoidWrapResult out;
  out.tangent_a = b_F;
  out.tangent_b = a_F;
  out.length = (b_F - a_F).norm();

  const Transform X_WF = X_FW.inverse();
  const Vec3 a = X_WF * a_F, b = X_WF * b_F;
  const Vec3 a_s = a.cwiseQuotient(radii), b_s = b.cwiseQuotient(radii);  // unit-sphere space

  // an end inside the ellipsoid: no wrap (OpenSim: "insideRadius")
  if (a_s.squaredNorm() - 1.0 < -1e-4 || b_s.squaredNorm() - 1.0 < -1e-4) return out;

  // the segment must pass through: both roots of |a_s + t (b_s - a_s)|^2 = 1 in (0, 1)
  const Vec3 d = b_s - a_s;
  const double A = d.squaredNorm(), B = 2.0 * a_s.dot(d), C = a_s.squaredNorm() - 1.0;
  const double disc = B * B - 4.0 * A * C;
  if (A == 0.0 || disc <= 0.0) return out;
  const double t1 = (-B - std::sqrt(disc)) / (2.0 * A), t2 = (-B + std::sqrt(disc)) / (2.0 * A);
  if (!(t1 > 0.0 && t1 < 1.0 && t2 > 0.0 && t2 < 1.0)) return out;

  // the problem in the scaled space
  ScaledLine L;
  L.a = a;
  L.b = b;
  L.radii = radii;
  L.u = d / std::sqrt(A);
  const Vec3 f = a_s - L.u * L.u.dot(a_s);  // foot of the perpendicular from the centre
  L.sa = L.u.dot(a_s);
  L.sb = L.u.dot(b_s);
  L.d0 = f.norm();
  if (L.d0 > 1e-12) {
    L.m1 = f / L.d0;
  } else {  // the line passes through the centre: any normal direction (all planes are central)
    int k = 0;
    for (int i = 1; i < 3; ++i)
      if (std::abs(L.u[i]) < std::abs(L.u[k])) k = i;
    L.m1 = (Vec3::Unit(k) - L.u * L.u[k]).normalized();
  }
  L.m2 = L.u.cross(L.m1);
  // quadrature panel width: well inside the integrand's analyticity strip (~ rmin / rmax wide)
  L.max_panel = std::min(kPi / 8.0, radii.minCoeff() / radii.maxCoeff());
  L.want_mid = q.axis >= 0;

  const double mid_tol = 1e-9 * radii.maxCoeff();
  const auto admissible = [&](const Candidate& c) {
    return q.axis < 0 || q.sign * c.mid[q.axis] >= -mid_tol;
  };
  // From a nearby configuration's plane (psi = hint): Newton's method on dL/dpsi, by central
  // differences over 1e-4 rad, to a step under 1e-7 rad (the golden section's bracket), about 7
  // plane evaluations instead of about 50. It must stay near the hint (0.05 rad), see the length
  // curve upward and end on the active half; otherwise the full search runs.
  const auto refine = [&](double p0, Candidate& best, double& best_psi) {
    constexpr double kH = 1e-4, kStop = 1e-7, kReach = 0.05;
    Candidate c = path_in_plane(L, p0);
    double p = p0;
    for (int it = 0; it < 6; ++it) {
      const double lm = path_in_plane(L, p - kH).length, lp = path_in_plane(L, p + kH).length;
      const double curve = lp - 2 * c.length + lm;
      if (!(curve > 0.0)) return false;
      const double step = -kH * (lp - lm) / (2 * curve);
      if (!(std::abs(p + step - p0) < kReach)) return false;
      const Candidate next = path_in_plane(L, p + step);
      const bool lower = next.length <= c.length;
      if (lower) {
        c = next;
        p += step;
      }
      if (std::abs(step) < kStop) {  // (a last step that round-off made longer is dropped)
        if (!admissible(c)) return false;
        best = c;
        best_psi = p;
        return true;
      }
      if (!lower) return false;  // a longer step away from the minimum: not converging
    }
    return false;
  };

  // the plane through a and b: minimise the length over its angle psi about the line (coarse
  // samples, psi = 0 first: the central plane, exact for a sphere; then Newton or golden-section
  // refinement around the best), optionally only among planes whose arc midpoint is on the active half
  const auto search = [&](bool constrained, Candidate& best, double& best_psi) {
    const auto ok = [&](const Candidate& c) { return !constrained || admissible(c); };
    constexpr int kSamples = 16;
    const double dpsi = 2 * kPi / kSamples;
    bool have = false;
    best_psi = 0.0;
    double sample[kSamples];
    int best_j = 0;
    for (int j = 0; j < kSamples; ++j) {
      const Candidate c = path_in_plane(L, j * dpsi);
      sample[j] = c.length;
      if (ok(c) && (!have || c.length < best.length)) {
        best = c;
        best_psi = j * dpsi;
        best_j = j;
        have = true;
      }
    }
    if (!have) return false;
    // without a quadrant: Newton's method (refine) from the parabola through the best sample and
    // its neighbours, about 8 planes where the golden section below takes about 35; it converges
    // to the same minimum (the one inside the bracket) or fails and the golden section runs. With
    // a quadrant the golden section's plane stays: the mirrored plane (below) is built from it,
    // and that path's length moves to first order with it (Newton's last step lands within
    // 1e-7 rad, differently for a rotated copy of the same problem: 2e-11 m in a test)
    if (!constrained && q.axis < 0) {
      const double lm = sample[(best_j + kSamples - 1) % kSamples], lp = sample[(best_j + 1) % kSamples];
      const double curve = lm - 2 * best.length + lp;
      if (curve > 0.0) {
        Candidate c;
        double p = 0.0;
        if (refine(best_psi + 0.5 * dpsi * (lm - lp) / curve, c, p) && std::abs(p - best_psi) < dpsi &&
            c.length <= best.length) {
          best = c;
          best_psi = p;
          return true;
        }
      }
    }
    const auto eval = [&](double psi) {
      const Candidate c = path_in_plane(L, psi);
      if (!ok(c)) return std::numeric_limits<double>::infinity();
      if (c.length < best.length) {
        best = c;
        best_psi = psi;
      }
      return c.length;
    };
    const double g = 0.5 * (std::sqrt(5.0) - 1.0);
    double lo = best_psi - dpsi, hi = best_psi + dpsi;
    double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    double f1 = eval(x1), f2 = eval(x2);
    while (hi - lo > 1e-7) {
      if (f1 < f2) {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - g * (hi - lo);
        f1 = eval(x1);
      } else {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + g * (hi - lo);
        f2 = eval(x2);
      }
    }
    return true;
  };

  Candidate best;
  double best_psi = 0.0;
  if (std::isfinite(hint) && refine(hint, best, best_psi)) {
    if (psi) *psi = best_psi;
  } else {
    search(false, best, best_psi);
    if (psi && admissible(best)) *psi = best_psi;
    if (!admissible(best)) {
      // OpenSim's rule: mirror the contact point (here the arc midpoint) to the active half and
      // wrap in the plane through a, b and the mirrored point, on its side. The mirrored path's
      // length moves to first order with the unconstrained plane, which the search found only to
      // its 1e-7 rad bracket; Newton's method on dL/dpsi (central differences over 1e-3 rad, a
      // smooth function of the geometry) takes that plane to round-off first, so the mirrored
      // path is reproduced under a rotation of the frame (at most 4 steps of 3 planes: in the
      // tests the second step was 4e-12 to 6e-9 rad, and later ones only went back and forth)
      for (int it = 0; it < 4; ++it) {
        constexpr double kH = 1e-3;
        const double lm = path_in_plane(L, best_psi - kH).length, lp = path_in_plane(L, best_psi + kH).length;
        const double curve = lp - 2 * best.length + lm;
        const double step = curve > 0.0 ? -kH * (lp - lm) / (2 * curve) : 0.0;
        if (!(std::abs(step) < 1e-6)) break;  // not near a minimum: the search's plane stays
        best_psi += step;
        best = path_in_plane(L, best_psi);
        if (std::abs(step) < 1e-13) break;
      }
      Vec3 m = best.mid;
      m[q.axis] = -m[q.axis];
      Vec3 w = m.cwiseQuotient(radii) - a_s;
      w -= L.u * L.u.dot(w);
      const Candidate mirrored = path_in_plane(L, std::atan2(w.dot(L.m2), w.dot(L.m1)));
      if (admissible(mirrored)) {
        best = mirrored;
      } else if (double ignored; !search(true, best, ignored)) {
        // no sampled plane puts the arc on the active half: the one reaching furthest into it
        for (int j = 0; j < 16; ++j) {
          const Candidate c = path_in_plane(L, j * kPi / 8);
          if (q.sign * c.mid[q.axis] > q.sign * best.mid[q.axis]) best = c;
        }
      }
    }
  }

  out.wrapped = true;
  out.tangent_a = X_FW * best.ta;
  out.tangent_b = X_FW * best.tb;
  out.length = best.length;
  return out;
}

}  // namespace patella
