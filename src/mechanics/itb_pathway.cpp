#include "patella/mechanics/itb_pathway.hpp"

#include <Eigen/LU>
#include <cmath>

#include "patella/mechanics/ligament.hpp"

namespace patella {

namespace {

struct NodeForces {
  Vec3 g = Vec3::Zero();
  Mat3 H = Mat3::Zero();
  std::vector<Mat3> D;
  std::vector<double> tension;
  std::vector<Vec3> e;
  double kaplan = 0.0, condyle = 0.0;
};

// a tension T along the unit vector toward X, and its derivative with respect to N
void add_band(const Vec3& N, const Vec3& X, double T, NodeForces& f) {
  const Vec3 w = X - N;
  const double l = w.norm();
  if (!(l > 1e-9) || T == 0.0) return;
  const Vec3 e = w / l;
  f.g += T * e;
  f.H -= T / l * (Mat3::Identity() - e * e.transpose());
}

NodeForces node_forces(const ItbPathway& itb, const std::vector<Vec3>& a, const Vec3& B, double T,
                       const Vec3& N) {
  NodeForces f;
  add_band(N, itb.proximal_F, T, f);
  add_band(N, B, T, f);
  const Vec3 dk = itb.kaplan_anchor_F - N;
  f.g += itb.kaplan_stiffness * dk;
  f.H -= itb.kaplan_stiffness * Mat3::Identity();
  f.kaplan = itb.kaplan_stiffness * dk.norm();
  const Vec3 c = N - itb.condyle_center_F;
  const double d = c.norm();
  if (d < itb.condyle_radius && d > 1e-9) {
    const Vec3 n = c / d;
    const double pen = itb.condyle_radius - d;
    f.condyle = itb.condyle_stiffness * pen;
    f.g += f.condyle * n;
    f.H += -itb.condyle_stiffness * n * n.transpose() +
           f.condyle / d * (Mat3::Identity() - n * n.transpose());
  }
  const std::size_t nb = itb.bundle_params.size();
  f.D.assign(nb, Mat3::Zero());
  f.tension.assign(nb, 0.0);
  f.e.assign(nb, Vec3::Zero());
  for (std::size_t i = 0; i < nb; ++i) {
    const Vec3 w = a[i] - N;
    const double l = w.norm();
    const Vec3 e = w / l;
    const double Ti = blankevoort_force(itb.bundle_params[i], l);
    const double dT = blankevoort_stiffness(itb.bundle_params[i], l);
    f.tension[i] = Ti;
    f.e[i] = e;
    f.D[i] = dT * e * e.transpose() + Ti / l * (Mat3::Identity() - e * e.transpose());
    f.g += Ti * e;
    f.H -= f.D[i];
  }
  return f;
}

}  // namespace

ItbNodeResult solve_itb_node(const ItbPathway& itb, const std::vector<Vec3>& a, const Vec3& B,
                             double T, const Vec3& guess, bool jacobian) {
  ItbNodeResult out;
  Vec3 N = guess.allFinite() ? guess : itb.kaplan_anchor_F;
  NodeForces f = node_forces(itb, a, B, T, N);
  // H is negative definite from the Kaplan spring, the band and the bundles; the condyle's
  // penalty adds a positive tangential term (force / distance) that can cancel it. Newton steps
  // on g with halving until |g| falls; a singular H ends the solve unconverged.
  constexpr double kTolerance = 1e-9;  // [N]
  for (int it = 0; it < 50 && f.g.norm() > kTolerance; ++it) {
    out.iterations = it + 1;
    Vec3 step = -f.H.fullPivLu().solve(f.g);
    if (!step.allFinite()) break;
    if (step.norm() > 5e-3) step *= 5e-3 / step.norm();  // at most 5 mm per step
    bool accepted = false;
    for (int h = 0; h < 30 && !accepted; ++h, step *= 0.5) {
      const NodeForces ft = node_forces(itb, a, B, T, N + step);
      if (ft.g.norm() < f.g.norm()) {
        N += step;
        f = ft;
        accepted = true;
      }
    }
    if (!accepted) break;
  }
  out.residual = f.g.norm();
  out.converged = out.residual <= 1e-6 && N.allFinite();  // 1 uN: far below every other force
  out.node = N;
  out.kaplan_force = f.kaplan;
  out.condyle_force = f.condyle;
  out.bundle_tension = f.tension;
  const std::size_t nb = f.D.size();
  out.force_on_patella.resize(nb);
  for (std::size_t i = 0; i < nb; ++i) out.force_on_patella[i] = -f.tension[i] * f.e[i];
  if (jacobian) {
    const Eigen::FullPivLU<Mat3> lu(f.H);
    if (lu.rank() < 3) {
      out.converged = false;
      return out;
    }
    const Mat3 Hinv = lu.inverse();
    out.G.assign(nb * nb, Mat3::Zero());
    for (std::size_t i = 0; i < nb; ++i)
      for (std::size_t j = 0; j < nb; ++j)
        out.G[i * nb + j] = -f.D[i] * Hinv * f.D[j] - (i == j ? f.D[i] : Mat3::Zero());
  }
  return out;
}

}  // namespace patella
