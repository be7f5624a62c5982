#include "patella/mechanics/clinical_alignment.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "patella/mechanics/contact.hpp"

namespace patella {

ClinicalFrame make_clinical_frame(const ContactModel& c) {
  ClinicalFrame out;
  const CastingSurface& k = c.casting;
  // the articular surface's area-weighted centroid and normal; the ridge point is the centroid
  // moved to the ridge's mediolateral level (z_K) and onto the surface there
  Vec3 centroid = Vec3::Zero(), normal = Vec3::Zero();
  double area = 0.0;
  for (std::size_t i = 0; i < k.centroid.size(); ++i) {
    centroid += k.area[i] * k.centroid[i];
    normal += k.area[i] * k.normal[i];
    area += k.area[i];
  }
  if (area > 0.0) centroid /= area;
  out.normal_K = normal.norm() > 0 ? Vec3(normal.normalized()) : Vec3(Vec3::UnitX());
  // along the ridge: the faces within 1.5 mm of its level, nearest the centroid's height
  Vec3 best = centroid;
  double best_d = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < k.centroid.size(); ++i) {
    if (std::abs(k.centroid[i].z() - k.ridge_z) > 1.5e-3) continue;
    const double d = std::abs(k.centroid[i].y() - centroid.y());
    if (d < best_d) {
      best_d = d;
      best = k.centroid[i];
    }
  }
  out.ridge_K = best;
  // posterior condylar line: the most posterior (least x) cartilage point on each side of the
  // cartilage's mediolateral middle
  const TargetSurface& t = c.target;
  double zmin = std::numeric_limits<double>::infinity(), zmax = -zmin;
  for (std::size_t f = 0; f < t.a.size(); ++f) {
    zmin = std::min(zmin, t.a[f].z());
    zmax = std::max(zmax, t.a[f].z());
  }
  const double zmid = 0.5 * (zmin + zmax);
  double xm = std::numeric_limits<double>::infinity(), xl = xm;
  for (std::size_t f = 0; f < t.a.size(); ++f)
    for (const Vec3& v : {t.a[f], Vec3(t.a[f] + t.e1[f]), Vec3(t.a[f] + t.e2[f])}) {
      if (v.z() < zmid && v.x() < xm) {
        xm = v.x();
        out.medial_condyle_F = v;
      }
      if (v.z() >= zmid && v.x() < xl) {
        xl = v.x();
        out.lateral_condyle_F = v;
      }
    }
  return out;
}

ClinicalAlignment clinical_alignment(const ContactModel& c, const ClinicalFrame& fr, const Transform& X_FK) {
  ClinicalAlignment out;
  const Vec3 P = X_FK.R * fr.ridge_K + X_FK.p;
  const Vec3 d = (X_FK.R * fr.normal_K).normalized();           // toward the femur
  Vec3 m = Vec3::UnitZ() - Vec3::UnitZ().dot(d) * d;             // mediolateral, across the rays
  m.normalize();
  // rays from 20 mm in front of the ridge, every 0.25 mm across +-15 mm; depth below that line
  constexpr double kBack = 0.020, kHalf = 0.015, kStep = 0.25e-3, kReach = 0.045, kFit = 0.004;
  const int n = static_cast<int>(std::lround(2 * kHalf / kStep));
  // ray i at s = -kHalf + i kStep, cast when the fit's window first reaches it (the groove lies
  // within a few millimetres of the ridge, so most rays are never needed): its depth, NaN where
  // it meets no articular surface
  std::vector<double> depth(static_cast<std::size_t>(n) + 1, 0.0);
  std::vector<char> cast(static_cast<std::size_t>(n) + 1, 0);
  auto depth_of = [&](int i, double s) {
    const std::size_t k = static_cast<std::size_t>(i);
    if (!cast[k]) {
      cast[k] = 1;
      double t = 0.0;
      const int face = cast_ray(c.target, P + s * m - kBack * d, d, 0.0, kReach, t);
      // the articular surface faces back toward the patella; a face seen from inside is the
      // shell's far side (through the notch)
      const bool articular = face >= 0 && c.target.normal[static_cast<std::size_t>(face)].dot(d) < 0.0;
      depth[k] = articular ? t : std::numeric_limits<double>::quiet_NaN();
    }
    return depth[k];
  };
  // the groove under the patella: the vertex of the least-squares parabola through the depths
  // within 4 mm, moved to that vertex until it stays (a parabola, not the deepest ray: the
  // tessellation ripples the flat bottom by tenths of a millimetre). Beyond the groove the
  // condyles may fall away deeper still, so the search starts under the ridge and stays local.
  double s0 = 0.0;
  bool found = false;
  for (int it = 0; it < 30; ++it) {
    Eigen::Matrix3d A = Eigen::Matrix3d::Zero();
    Eigen::Vector3d r = Eigen::Vector3d::Zero();
    int used = 0;
    double lo = 1.0, hi = -1.0;
    // the rays within kFit of s0 (the index range padded by one on each side; the test on x
    // decides), in order
    const int first = std::max(0, static_cast<int>(std::floor((s0 - kFit + kHalf) / kStep)) - 1);
    const int last = std::min(n, static_cast<int>(std::ceil((s0 + kFit + kHalf) / kStep)) + 1);
    for (int i = first; i <= last; ++i) {
      const double s = -kHalf + i * kStep;
      const double x = s - s0;
      if (std::abs(x) > kFit) continue;
      const double t = depth_of(i, s);
      if (std::isnan(t)) continue;
      const Eigen::Vector3d phi(1.0, x, x * x);
      A += phi * phi.transpose();
      r += phi * t;
      ++used;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    // surface on both sides of the window's centre, or no groove to fit (the notch)
    if (used < 12 || lo > -0.5 * kFit || hi < 0.5 * kFit) break;
    const Eigen::Vector3d q = A.ldlt().solve(r);
    if (!(q[2] < 0.0)) break;  // no maximum: not a groove
    // halved from the fifth pass: moving the window swaps rays in and out at its edges, which
    // can make the vertex hop between two places a few micrometres apart
    const double step = (it < 4 ? 1.0 : 0.5) * std::clamp(-q[1] / (2.0 * q[2]), -kFit, kFit);
    s0 += step;
    if (std::abs(s0) > kHalf - kFit) break;
    if (std::abs(step) < 1e-5) {  // 0.01 mm, a fortieth of the rays' spacing
      found = true;
      out.groove_F = P + s0 * m - kBack * d + (q[0] - 0.25 * q[1] * q[1] / q[2]) * d;
      break;
    }
  }
  out.groove_found = found;
  // the ridge sits at s = 0: lateral of the groove when the groove lies at s < 0
  out.lateral_shift = found ? -s0 : std::numeric_limits<double>::quiet_NaN();
  // tilt in the femur's axial plane (x anterior, z lateral): the angle from the posterior
  // condylar line (medial -> lateral) to the patella's mediolateral axis, + when the patella's
  // lateral end lies further posterior
  const Vec3 pcl = fr.lateral_condyle_F - fr.medial_condyle_F;
  const Vec3 k = X_FK.R * Vec3::UnitZ();
  out.lateral_tilt = std::atan2(pcl.x(), pcl.z()) - std::atan2(k.x(), k.z());
  return out;
}

}  // namespace patella
