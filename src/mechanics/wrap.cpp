#include "patella/mechanics/wrap.hpp"

#include <cmath>
#include <string>

namespace patella {

namespace {
// the two tangent points on a circle of radius r (centre 0) seen from 2-D point q outside it
void tangents(const Eigen::Vector2d& q, double r, Eigen::Vector2d t[2]) {
  const double d = q.norm();
  const double phi = std::atan2(q.y(), q.x());
  const double alpha = std::acos(std::min(1.0, r / d));
  for (int s = 0; s < 2; ++s) {
    const double ang = phi + (s == 0 ? alpha : -alpha);
    t[s] = Eigen::Vector2d(r * std::cos(ang), r * std::sin(ang));
  }
}
double wrap_angle(double a) {
  while (a < 0) a += 2 * kPi;
  while (a >= 2 * kPi) a -= 2 * kPi;
  return a;
}
}  // namespace

CylinderWrapResult wrap_cylinder(const Vec3& a_F, const Vec3& b_F, const Transform& X_FW, double r,
                                 const std::string& quadrant) {
  CylinderWrapResult out;
  out.tangent_from_a = b_F;
  out.tangent_from_b = a_F;
  out.length = (b_F - a_F).norm();
  const Transform X_WF = X_FW.inverse();
  Vec3 a = X_WF * a_F, b = X_WF * b_F;
  // An end inside the cylinder (a patellar insertion riding on the condyles in deep flexion):
  // OpenSim leaves the path straight there, so its length jumps by centimetres as the end
  // crosses the surface and back. Here the end is lifted radially to just outside the surface
  // and the radial step added to the length: the path is continuous across the surface.
  double lifted = 0.0;
  for (Vec3* e : {&a, &b}) {
    const double d = e->head<2>().norm();
    if (d > r) continue;
    if (d < 1e-9 * r) return out;  // on the axis: no direction to lift along
    const Vec3 before = *e;
    e->head<2>() *= r * (1.0 + 1e-6) / d;
    lifted += (*e - before).norm();
  }
  const Eigen::Vector2d a2 = a.head<2>(), b2 = b.head<2>();

  // the constrained side: unit 2-D direction of the quadrant (zero for "all")
  Eigen::Vector2d side = Eigen::Vector2d::Zero();
  if (quadrant == "x" || quadrant == "+x") side = {1, 0};
  if (quadrant == "-x") side = {-1, 0};
  if (quadrant == "y" || quadrant == "+y") side = {0, 1};
  if (quadrant == "-y") side = {0, -1};

  // does the straight segment cross the circle, or pass on the forbidden side?
  const Eigen::Vector2d ab = b2 - a2;
  const double s = std::clamp(-a2.dot(ab) / ab.squaredNorm(), 0.0, 1.0);
  const Eigen::Vector2d closest = a2 + s * ab;
  bool wrap = closest.norm() < r;
  if (!wrap && side.squaredNorm() > 0 && closest.dot(side) < 0 && a2.dot(side) > -r &&
      b2.dot(side) > -r)
    wrap = true;
  if (!wrap) return out;

  // of the tangent pairs with a continuous turning direction, take the arc through the side
  // (or the shorter arc when unconstrained)
  Eigen::Vector2d ta[2], tb[2];
  tangents(a2, r, ta);
  tangents(b2, r, tb);
  double best_score = -1e300;
  Eigen::Vector2d best_ta = Eigen::Vector2d::Zero(), best_tb = Eigen::Vector2d::Zero();
  double best_arc = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      // turning sense at ta from the incoming direction
      const Eigen::Vector2d din = ta[i] - a2;
      const double sense = din.x() * ta[i].y() - din.y() * ta[i].x() < 0 ? 1.0 : -1.0;  // +1 ccw
      const Eigen::Vector2d dout = b2 - tb[j];
      const double sense_b = tb[j].x() * dout.y() - tb[j].y() * dout.x() > 0 ? -1.0 : 1.0;
      if (sense != -sense_b) continue;
      const double ang_a = std::atan2(ta[i].y(), ta[i].x());
      const double ang_b = std::atan2(tb[j].y(), tb[j].x());
      const double arc = sense > 0 ? wrap_angle(ang_b - ang_a) : wrap_angle(ang_a - ang_b);
      const double mid = ang_a + sense * arc / 2;
      const Eigen::Vector2d m(std::cos(mid), std::sin(mid));
      const double score = side.squaredNorm() > 0 ? m.dot(side) - 1e-3 * arc : -arc;
      if (score > best_score) {
        best_score = score;
        best_ta = ta[i];
        best_tb = tb[j];
        best_arc = arc;
      }
    }
  // no tangent pair with a consistent turning sense (ends on the surface): leave it straight
  if (best_score == -1e300) return out;

  // helical path: z varies linearly with the unrolled (2-D) length
  const double la = (best_ta - a2).norm(), lb = (b2 - best_tb).norm(), lc = r * best_arc;
  const double total2 = la + lb + lc;
  const double za = a.z() + (b.z() - a.z()) * la / total2;
  out.wrapped = true;
  out.tangent_from_a = X_FW * Vec3(best_ta.x(), best_ta.y(), za);
  const double zb = a.z() + (b.z() - a.z()) * (la + lc) / total2;
  out.tangent_from_b = X_FW * Vec3(best_tb.x(), best_tb.y(), zb);
  out.length = std::sqrt(total2 * total2 + (b.z() - a.z()) * (b.z() - a.z())) + lifted;
  return out;
}

bool segment_hits_ellipsoid(const Vec3& a_F, const Vec3& b_F, const Transform& X_FW,
                            const Vec3& radii) {
  // scale to the unit sphere and test the segment against it
  const Transform X_WF = X_FW.inverse();
  const Vec3 a = (X_WF * a_F).cwiseQuotient(radii), b = (X_WF * b_F).cwiseQuotient(radii);
  const Vec3 ab = b - a;
  const double s = std::clamp(-a.dot(ab) / ab.squaredNorm(), 0.0, 1.0);
  return (a + s * ab).norm() < 1.0;
}

}  // namespace patella
