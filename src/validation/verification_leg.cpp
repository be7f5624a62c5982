// Code verification of the leg's mechanics (see verification.hpp): muscle moment arms, inverse
// dynamics by a power balance, static optimisation by its KKT conditions.
#include <algorithm>
#include <cmath>
#include <random>

#include "patella/compiler/compile_leg.hpp"
#include "patella/gait/inverse_dynamics.hpp"
#include "patella/gait/muscle_set.hpp"
#include "patella/gait/static_optimization.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/leg_kinematics.hpp"
#include "patella/validation/verification.hpp"

namespace patella::validation {

namespace {

LegQ leg_pose(double hip_flex, double hip_add, double hip_rot, double knee, double ankle) {
  LegQ q{};
  q[kPelvisTy] = 0.93;
  q[kHipFlex] = deg_to_rad(hip_flex);
  q[kHipAdd] = deg_to_rad(hip_add);
  q[kHipRot] = deg_to_rad(hip_rot);
  q[kKneeFlex] = deg_to_rad(knee);
  q[kAnkleFlex] = deg_to_rad(ankle);
  return q;
}

// A leg swinging freely (no ground contact, pelvis held still): five sines of different
// frequencies, so every coordinate and its coupling terms move.
GaitInput swinging_leg() {
  GaitInput in;
  std::vector<double> t;
  for (int k = 0; k <= 1000; ++k) t.push_back(k * 1e-3);
  auto curve = [&](double mean_deg, double amp_deg, double hz, double phase) {
    std::vector<double> y;
    for (double ti : t) y.push_back(deg_to_rad(mean_deg + amp_deg * std::sin(2 * kPi * hz * ti + phase)));
    return CubicSpline(t, y);
  };
  for (int d = 0; d < kNumLegDofs; ++d) in.q[d] = curve(0, 0, 1, 0);
  in.q[kPelvisTy] = CubicSpline(t, std::vector<double>(t.size(), 0.93));
  in.q[kHipFlex] = curve(10, 30, 1.3, 0.2);
  in.q[kHipAdd] = curve(0, 8, 1.1, 1.0);
  in.q[kHipRot] = curve(0, 10, 0.9, 0.5);
  in.q[kKneeFlex] = curve(45, 40, 1.7, 0.0);
  in.q[kAnkleFlex] = curve(0, 15, 2.1, 0.3);
  in.t_start = 0.1;
  in.t_end = 0.9;
  return in;
}

// Kinetic plus potential energy of the leg's segments, velocities by central differences of
// the poses (h = 20 us).
double leg_energy(const Leg& leg, const GaitInput& in, double t, const Transform& X_FK) {
  const double h = 2e-5;
  LegPoses Xm, X, Xp;
  leg_poses(leg, coordinates_at(in, t - h), X_FK, Xm);
  leg_poses(leg, coordinates_at(in, t), X_FK, X);
  leg_poses(leg, coordinates_at(in, t + h), X_FK, Xp);
  double E = 0.0;
  for (int b = kFemur; b < kNumLegBodies; ++b) {
    const LegBodyInfo& info = leg.bodies[b];
    const Vec3& c = info.mass_center;
    const Vec3 v = (Xp[b] * c - Xm[b] * c) / (2 * h);
    const Eigen::AngleAxisd aa(Xp[b].R * Xm[b].R.transpose());
    const Vec3 w = aa.angle() * aa.axis() / (2 * h);
    const Mat3 I = X[b].R * info.inertia * X[b].R.transpose();
    E += 0.5 * info.mass * v.squaredNorm() + 0.5 * w.dot(I * w) + info.mass * 9.80665 * (X[b] * c).y();
  }
  return E;
}

struct KktResult {
  double stationarity = 0.0;  ///< largest KKT violation in activation units
  double balance = 0.0;       ///< largest moment-balance residual [N m]
  int converged = 0, samples = 0, interior = 0, at_bound = 0;
};

// 50 random five-joint problems of 30 muscles (seeded: the same problems every run)
KktResult static_optimization_kkt() {
  KktResult k;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> arm(-0.06, 0.06), A(200, 3000), tau(-150, 150), P(0, 100);
  for (int trial = 0; trial < 50; ++trial) {
    StaticOptimizationProblem p;
    const int n = 30;
    for (int m = 0; m < n; ++m) {
      std::array<double, 5> r;
      for (double& x : r) x = arm(rng);
      p.moment_arm.push_back(r);
      p.active.push_back(A(rng));
      p.passive.push_back(P(rng));
      p.lower.push_back(0.01);
    }
    for (double& t : p.tau) t = tau(rng);
    const StaticOptimizationResult s = solve_static_optimization(p);
    k.converged += s.converged;
    // cost sum a^2 + sum (reserve / 1 N m)^2: the multiplier of joint j is its reserve (w = 1),
    // so the cost's gradient per activation (halved) is a - C_m . lambda, which must vanish for
    // a free activation, be >= 0 at the lower bound and <= 0 at the upper
    for (int m = 0; m < n; ++m) {
      double cl = 0;
      for (int j = 0; j < 5; ++j) cl += p.moment_arm[m][j] * p.active[m] * s.reserve[j];
      const double a = s.activation[m], g = a - cl;
      double v = std::max({0.0, 0.01 - a, a - 1.0});  // bounds
      if (a > 0.01 + 1e-9 && a < 1.0 - 1e-9) {
        v = std::max(v, std::abs(g));
        ++k.interior;
      } else {
        v = std::max(v, a <= 0.01 + 1e-9 ? -g : g);
        ++k.at_bound;
      }
      k.stationarity = std::max(k.stationarity, v);
      ++k.samples;
    }
    for (int j = 0; j < 5; ++j) {
      double M = s.reserve[j];
      for (int m = 0; m < n; ++m) M += p.moment_arm[m][j] * (s.activation[m] * p.active[m] + p.passive[m]);
      k.balance = std::max(k.balance, std::abs(M - p.tau[j]));
    }
  }
  return k;
}

}  // namespace

std::vector<CodeCase> verify_moment_arms(const Model& knee) {
  CodeCase exact{"moment arms (" + std::to_string(knee.leg_muscles.muscles.size()) + " leg muscles)",
                 "r = -dl/dq (An et al. 1984, J Biomech Eng 106:280, as OpenSim's "
                 "computeMomentArm; central differences, h 1e-4 rad) vs the virtual work of the "
                 "path's unit tension on the bodies; paths over via points and cylinders (shortest "
                 "paths: the two agree exactly), 3 leg poses x 5 driven coordinates",
                 "moment arm", 0.0, 2e-6, "m", 0,
                 "Muscle paths: moment arms from -dl/dq equal the tension's virtual work", {}};
  CodeCase ellipsoid = exact;
  ellipsoid.reference =
      "as above, for the wrapped spans over ellipsoids: the planar ellipsoid wrap is not quite a "
      "geodesic, so the tension's work and -dl/dq differ slightly";
  ellipsoid.tolerance = 2e-4;
  const Leg leg = make_leg(knee);
  const MuscleSet set = make_muscle_set(knee, knee.spec.itb_link.muscles);
  const Transform X_FK = default_patella_state(knee).X_FK;
  const double h = 1e-6;   // kinematics for the virtual work
  const double hl = 1e-4;  // length differences: larger, so the wrap solver's round-off (1e-10 m)
                           // does not swamp them; truncation error O(hl^2) stays below 1e-7 m
  for (const LegQ& q : {leg_pose(20, 5, -5, 30, 10), leg_pose(-10, -5, 10, 60, -15), leg_pose(45, 0, 0, 90, 0)}) {
    LegPoses X;
    leg_poses(leg, q, X_FK, X);
    for (std::size_t j = 0; j < kDrivenDofs.size(); ++j) {
      LegQ qp = q, qm = q, qlp = q, qlm = q;
      qp[kDrivenDofs[j]] += h;
      qm[kDrivenDofs[j]] -= h;
      qlp[kDrivenDofs[j]] += hl;
      qlm[kDrivenDofs[j]] -= hl;
      LegPoses Xp, Xm, Xlp, Xlm;
      leg_poses(leg, qp, X_FK, Xp);
      leg_poses(leg, qm, X_FK, Xm);
      leg_poses(leg, qlp, X_FK, Xlp);
      leg_poses(leg, qlm, X_FK, Xlm);
      for (const LegMuscle& m : set.muscles) {
        PathGeometry g, gp, gm;
        evaluate_path(set.wraps, m.path, X, q, g);
        evaluate_path(set.wraps, m.path, Xlp, qlp, gp);
        evaluate_path(set.wraps, m.path, Xlm, qlm, gm);
        const double r_length = -(gp.length - gm.length) / (2 * hl);
        const double r_work = path_generalized_force(g, X, Xp, Xm, h);
        bool on_ellipsoid = false;
        for (int w : m.path.wraps) on_ellipsoid = on_ellipsoid || set.wraps[w].type != LegWrap::Type::Cylinder;
        CodeCase& c = on_ellipsoid && g.wrapped_spans ? ellipsoid : exact;
        c.error = std::max(c.error, std::abs(r_work - r_length));
        ++c.samples;
        if (g.wrapped_spans) c.coverage["wrapped paths"] += 1;
      }
    }
  }
  exact.coverage["muscles"] = ellipsoid.coverage["muscles"] = static_cast<double>(set.muscles.size());
  return {exact, ellipsoid};
}

CodeCase verify_inverse_dynamics_power(const Model& knee) {
  CodeCase c{"inverse dynamics",
             "power balance of a leg swinging freely (pelvis still, no ground contact): "
             "sum_j tau_j qdot_j = d/dt (kinetic + potential energy of the segments), energy from "
             "the .osim masses and inertias, its rate by central differences; 14 instants",
             "joint power, error / the largest |dE/dt|",
             0.0, 0.02, "relative", 0, "Inverse dynamics: joint power equals the rate of change of the leg's energy", {}};
  const Leg leg = make_leg(knee);
  const GaitInput in = swinging_leg();
  const Transform X_FK = default_patella_state(knee).X_FK;
  const FootLine foot;
  double max_err = 0.0, max_rate = 0.0;
  for (int k = 0; k < 14; ++k) {
    const double t = 0.15 + 0.05 * k;
    const DrivenMoments tau = inverse_dynamics(leg, in, foot, t, X_FK);
    double power = 0.0;
    for (std::size_t j = 0; j < kDrivenDofs.size(); ++j) power += tau[j] * in.q[kDrivenDofs[j]].derivative(t);
    const double h = 2e-4;
    const double dEdt = (leg_energy(leg, in, t + h, X_FK) - leg_energy(leg, in, t - h, X_FK)) / (2 * h);
    max_err = std::max(max_err, std::abs(power - dEdt));
    max_rate = std::max(max_rate, std::abs(dEdt));
    ++c.samples;
  }
  c.error = max_err / max_rate;
  c.coverage["largest power [W]"] = max_rate;
  return c;
}

CodeCase verify_static_optimization_kkt() {
  const KktResult k = static_optimization_kkt();
  CodeCase c{"static optimisation",
             "the KKT conditions of min sum a^2 + sum reserve^2 under the moment balance and "
             "0.01 <= a <= 1 (Nocedal & Wright 2006, Numerical Optimization, Thm 12.1), on 50 "
             "seeded random problems of 30 muscles and 5 joints",
             "stationarity of free activations, sign of the gradient at active bounds, bounds",
             k.stationarity, 1e-7, "activation [-]", k.samples,
             "Static optimisation: KKT conditions hold on random five-joint problems", {}};
  c.coverage["converged problems"] = k.converged;
  c.coverage["free activations"] = k.interior;
  c.coverage["activations at a bound"] = k.at_bound;
  return c;
}

CodeCase verify_static_optimization_balance() {
  const KktResult k = static_optimization_kkt();
  CodeCase c{"static optimisation",
             "primal feasibility on the same 50 problems: the muscles' moments plus the reserves "
             "reproduce the net moments",
             "moment balance per joint", k.balance, 1e-8, "N m", 250,
             "Static optimisation: KKT conditions hold on random five-joint problems", {}};
  c.coverage["converged problems"] = k.converged;
  return c;
}

}  // namespace patella::validation
