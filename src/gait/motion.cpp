#include "patella/gait/motion.hpp"

#include <algorithm>

namespace patella {

LegQ coordinates_at(const GaitInput& in, double t) {
  LegQ q{};
  for (int d = 0; d < kNumLegDofs; ++d) q[d] = in.q[d].value(t);
  return q;
}

Wrench ground_reaction_at(const GaitInput& in, const FootLine& foot, const LegPoses& X, double t) {
  Wrench w;
  const GroundReaction& g = in.grf;
  if (g.time.size() < 2 || t < g.time.front() || t > g.time.back()) return w;
  std::size_t k = std::upper_bound(g.time.begin(), g.time.end(), t) - g.time.begin();
  k = std::clamp<std::size_t>(k, 1, g.time.size() - 1);
  const double s = (t - g.time[k - 1]) / (g.time[k] - g.time[k - 1]);
  w.force = (1 - s) * g.force[k - 1] + s * g.force[k];
  if (w.force.squaredNorm() == 0.0) return w;
  if (g.point_in_ground) {
    // a centre of pressure is meaningless without load: take it from the loaded sample
    const double f0 = g.force[k - 1].norm(), f1 = g.force[k].norm();
    const double sp = f0 == 0.0 ? 1.0 : f1 == 0.0 ? 0.0 : s;
    w.point = (1 - sp) * g.point[k - 1] + sp * g.point[k];
    w.torque = (1 - s) * g.torque[k - 1] + s * g.torque[k];
  } else {
    const double f = (1 - s) * g.foot_fraction[k - 1] + s * g.foot_fraction[k];
    const Vec3 p_calcn = foot.heel_calcn + f * (foot.toe_calcn - foot.heel_calcn);
    w.point = X[kCalcn] * p_calcn;
  }
  return w;
}

}  // namespace patella
