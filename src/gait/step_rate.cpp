// A gait input at another step rate (see step_rate.hpp for the model and its sources).
#include "patella/gait/step_rate.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/core/strings.hpp"
#include "patella/mechanics/leg_kinematics.hpp"

namespace patella {

// Farley & Gonzalez 1996 (J Biomech 29:181): at 2.5 m/s, stride frequency -26 % to +36 % of
// preferred raised leg stiffness 7.0 -> 16.3 kN/m; a spring-mass stance lasts in proportion to
// stiffness^(-1/2), so t_c fell by sqrt(7.0/16.3) = 0.655 while t_step fell to 0.74/1.36 = 0.544:
// k = ln 0.655 / ln 0.544 = 0.69. No study here gives measured contact times at changed step rate,
// so docs/validation.md D2 sweeps k over 0.5-1 (1: stance keeps its share of the stride).
const double kContactTimeExponent = 0.7;
const char* const kContactTimeExponentSource =
    "spring-mass estimate from the leg stiffness of Farley & Gonzalez 1996 (J Biomech 29:181), 0.69";

StepRateAngles heiderscheit_angle_changes(double change) {
  // Heiderscheit et al. 2011 Table 3, means at -10/-5/0/+5/+10 % step rate [deg], as changes
  // from the preferred condition (knee flexion at strike 17.8, peak stance knee flexion 46.3,
  // peak hip flexion 26.7, peak hip adduction 10.4 at the preferred rate).
  static const double c[] = {-0.10, -0.05, 0.0, 0.05, 0.10};
  static const double knee_ic[] = {-0.9, -0.8, 0.0, 0.9, 1.8};
  static const double knee_peak[] = {4.3, 1.7, 0.0, -2.2, -3.5};
  static const double hip_flex[] = {4.0, 1.2, 0.0, -1.4, -3.1};
  static const double hip_add[] = {0.9, 0.4, 0.0, -0.9, -1.7};
  if (!(change >= -0.10 - 1e-12 && change <= 0.10 + 1e-12))
    throw ModelError("step-rate change " + fmt(100 * change) +
                     " %: Heiderscheit et al. 2011 measured -10 % to +10 % only");
  int i = 0;
  while (i < 3 && change > c[i + 1]) ++i;
  const double s = (change - c[i]) / (c[i + 1] - c[i]);
  auto at = [&](const double* v) { return deg_to_rad((1 - s) * v[i] + s * v[i + 1]); };
  return {at(knee_ic), at(knee_peak), at(hip_flex), at(hip_add)};
}

namespace {

// The time warp: new time t' -> the input's time t. Pace r = dt/dt' is tc/tc' over stance, a over
// swing, with raised-cosine ramps between them over `ramp` of swing next to each event, so the
// warp is C2 and the accelerations of the warped motion continuous. Over a stride, dt = T.
struct Warp {
  double t0 = 0, T = 0, Tn = 0, tc = 0, tcn = 0, ramp = 0, a = 0, b = 0;

  // integral of the stance indicator w over [0, u], u in [0, Tn]
  double W(double u) const {
    const double d = ramp;
    if (u <= tcn) return u;
    if (u <= tcn + d) {
      const double s = u - tcn;
      return tcn + 0.5 * s + d / (2 * kPi) * std::sin(kPi * s / d);
    }
    if (u <= Tn - d) return tcn + 0.5 * d;
    const double s = u - (Tn - d);
    return tcn + 0.5 * d + 0.5 * s - d / (2 * kPi) * std::sin(kPi * s / d);
  }
  // a weight that is 1 in stance and falls to 0 over `fade` of swing next to each event, by a
  // quintic smoothstep (value, slope and curvature continuous, so a weighted angle keeps
  // continuous accelerations)
  double stance_weight(double tp, double fade) const {
    const double u = tp - t0 - std::floor((tp - t0) / Tn) * Tn;
    auto smooth = [](double x) { return x * x * x * (10.0 - 15.0 * x + 6.0 * x * x); };
    if (u <= tcn) return 1.0;
    if (u <= tcn + fade) return smooth(1.0 - (u - tcn) / fade);
    if (u <= Tn - fade) return 0.0;
    return smooth((u - (Tn - fade)) / fade);
  }
  double operator()(double tp) const {
    const double n = std::floor((tp - t0) / Tn);
    const double u = tp - t0 - n * Tn;
    return t0 + n * T + a * u + b * W(u);
  }
  double inverse(double t) const {
    const double n = std::floor((t - t0) / T);
    const double v = t - t0 - n * T;
    double lo = 0, hi = Tn;
    for (int it = 0; it < 80; ++it) {
      const double mid = 0.5 * (lo + hi);
      (a * mid + b * W(mid) < v ? lo : hi) = mid;
    }
    return t0 + n * Tn + 0.5 * (lo + hi);
  }
};

// the time of the largest value of f over [t0, t1] (1 ms grid)
double time_of_max(const std::function<double(double)>& f, double t0, double t1) {
  double best = t0, fb = f(t0);
  for (double t = t0; t <= t1; t += 1e-3)
    if (const double v = f(t); v > fb) fb = v, best = t;
  return best;
}

// A periodic offset through (time in the new cycle, value) knots: a natural cubic spline over
// five periods, so it is smooth and, in the middle ones, periodic to well below 1e-6 rad.
CubicSpline periodic_offset(std::vector<std::pair<double, double>> knots, double t0, double Tn) {
  for (auto& k : knots) k.first = std::fmod(std::fmod(k.first, Tn) + Tn, Tn);
  std::sort(knots.begin(), knots.end());
  std::vector<double> x, y;
  for (int n = -2; n <= 2; ++n)
    for (const auto& [u, v] : knots) {
      x.push_back(t0 + n * Tn + u);
      y.push_back(v);
    }
  return CubicSpline(x, y);
}

}  // namespace

double vertical_impulse(const GroundReaction& g, double t0, double t1) {
  auto fy = [&](double t) {
    std::size_t k = 0;
    double s = 0.0;
    return ground_reaction_sample(g, t, k, s) ? (1 - s) * g.force[k - 1].y() + s * g.force[k].y() : 0.0;
  };
  std::vector<double> t{t0};
  for (double ti : g.time)
    if (ti > t0 && ti < t1) t.push_back(ti);
  t.push_back(t1);
  double sum = 0.0;
  for (std::size_t i = 1; i < t.size(); ++i) sum += 0.5 * (fy(t[i - 1]) + fy(t[i])) * (t[i] - t[i - 1]);
  return sum;
}

GaitInput change_step_rate(const GaitInput& in, const Leg& leg, const FootLine& foot,
                           const StepRateChange& c, StepRateReport* report) {
  const StepRateAngles da = heiderscheit_angle_changes(c.change);
  Warp w;
  w.t0 = in.t_start;
  w.T = in.t_end - in.t_start;
  w.tc = in.stance_end - in.t_start;
  w.Tn = w.T / (1.0 + c.change);
  w.tcn = w.tc * std::pow(w.Tn / w.T, c.contact_time_exponent);
  w.ramp = c.pace_ramp;
  const double swing_n = w.Tn - w.tcn;
  if (!(w.tc > 0 && w.tc < w.T) || !(swing_n > 2.5 * w.ramp))
    throw ModelError(in.label + ": step-rate change " + fmt(100 * c.change) + " %: stance " + fmt(w.tc) +
                     " s of a " + fmt(w.T) + " s stride leaves no swing of more than " +
                     fmt(2.5 * w.ramp) + " s for the change of pace");
  w.a = (w.T - (w.tc / w.tcn) * (w.tcn + w.ramp)) / (w.Tn - w.tcn - w.ramp);
  w.b = w.tc / w.tcn - w.a;
  if (!(w.a > 0))
    throw ModelError(in.label + ": step-rate change " + fmt(100 * c.change) + " % leaves swing no time");

  // the new motion's samples: the warped input plus the measured angle changes
  const double t0 = in.t_start, h = 1e-3;
  double front = -1e300, back = 1e300;
  for (int d = 0; d < kNumLegDofs; ++d) {
    front = std::max(front, in.q[d].front());
    back = std::min(back, in.q[d].back());
  }
  const double lo = std::max(t0 - 0.1, w.inverse(front)), hi = std::min(t0 + w.Tn + 0.1, w.inverse(back));
  const int j0 = static_cast<int>(std::ceil((lo - t0) / h - 1e-9)), j1 = static_cast<int>(std::floor((hi - t0) / h + 1e-9));
  if (j0 > -2 || t0 + j1 * h < t0 + w.Tn + 2 * h)
    throw ModelError(in.label + ": its coordinates (" + fmt(front) + "-" + fmt(back) +
                     " s) do not cover the cycle at step rate " + fmt(100 * c.change) +
                     " % with a few ms either side");

  auto q_of = [&](int d, double t) { return in.q[d].value(t); };
  const double stance_scale = w.tcn / w.tc;
  auto to_new = [&](double t) {  // stance times map linearly; elsewhere invert the warp
    return t >= t0 && t <= in.stance_end ? t0 + (t - t0) * stance_scale : w.inverse(t);
  };
  const double knee_peak = to_new(time_of_max([&](double t) { return q_of(kKneeFlex, t); }, t0, in.stance_end));
  const double knee_swing = to_new(time_of_max([&](double t) { return q_of(kKneeFlex, t); }, in.stance_end, in.t_end));
  const double hip_peak = to_new(time_of_max([&](double t) { return q_of(kHipFlex, t); }, t0, in.t_end));
  const double add_peak = to_new(time_of_max([&](double t) { return q_of(kHipAdd, t); }, t0, in.stance_end));
  const double mid_swing = t0 + w.tcn + 0.5 * swing_n;
  const CubicSpline knee = periodic_offset({{0.0, da.knee_flexion_at_strike}, {knee_peak - t0, da.knee_flexion_peak},
                                            {w.tcn, 0.0}, {knee_swing - t0, 0.0}}, t0, w.Tn);
  const CubicSpline hip = periodic_offset({{hip_peak - t0, da.hip_flexion_peak}, {w.tcn, 0.0}}, t0, w.Tn);
  const CubicSpline add = periodic_offset({{0.0, 0.0}, {add_peak - t0, da.hip_adduction_peak}, {w.tcn, 0.0},
                                           {mid_swing - t0, 0.0}}, t0, w.Tn);

  GaitInput out;
  out.label = in.label;
  out.t_start = t0;
  out.t_end = t0 + w.Tn;
  out.stance_end = t0 + w.tcn;
  out.speed = in.speed;
  out.notes = in.notes;
  out.edits = in.edits;
  std::vector<double> tn;
  for (int j = j0; j <= j1; ++j) tn.push_back(t0 + j * h);
  std::array<std::vector<double>, kNumLegDofs> qn;
  for (double tp : tn) {
    const double t = w(tp);
    for (int d = 0; d < kNumLegDofs; ++d) qn[d].push_back(q_of(d, t));
    // forward progression is the speed's, not the warp's
    qn[kPelvisTx].back() += in.speed * (tp - t);
    qn[kKneeFlex].back() += knee.value(tp);
    qn[kHipFlex].back() += hip.value(tp);
    qn[kHipAdd].back() += add.value(tp);
    // the foot stays planted: in stance the ankle takes up the knee and hip changes, so the foot
    // keeps its measured pitch (Table 3 gives no ankle angle; the ankle axis is oblique, so this
    // keeps the pitch to within 0.1 deg). In swing the foot is free: the compensation fades over a
    // quarter of the swing each side, so the ankle does not whip (a 5 deg change in 40 ms would
    // add an ankle acceleration of some 300 rad/s2)
    qn[kAnkleFlex].back() += w.stance_weight(tp, 0.25 * swing_n) * (knee.value(tp) - hip.value(tp));
  }
  for (int d = 0; d < kNumLegDofs; ++d) out.q[d] = CubicSpline(tn, qn[d]);

  // the ground reaction: shape in stance time, scaled for the step's vertical impulse, its point
  // carried on the foot from the input's pose to the new one
  const double scale = std::pow(w.Tn / w.T, 1.0 - c.contact_time_exponent);
  GroundReaction& g = out.grf;
  g.point_in_ground = in.grf.point_in_ground;
  const Transform X_FK{};  // the foot's pose does not depend on the patella
  LegPoses X_in, X_out;
  for (double tp : tn) {
    const double t = w(tp);
    const LegQ q_in = [&] { LegQ q{}; for (int d = 0; d < kNumLegDofs; ++d) q[d] = q_of(d, t); return q; }();
    leg_poses(leg, q_in, X_FK, X_in);
    const Wrench f = ground_reaction_at(in, foot, X_in, t);
    g.time.push_back(tp);
    g.force.push_back(scale * f.force);
    g.torque.push_back(scale * f.torque);
    if (g.point_in_ground) {
      Vec3 p = Vec3::Zero();
      if (f.force.squaredNorm() > 0.0) {
        LegQ q_out{};
        for (int d = 0; d < kNumLegDofs; ++d) q_out[d] = out.q[d].value(tp);
        leg_poses(leg, q_out, X_FK, X_out);
        p = X_out[kCalcn] * (X_in[kCalcn].inverse() * f.point);
      }
      g.point.push_back(p);
    } else {
      // a foot fraction is placed on the new foot when it is used
      std::size_t k = 0;
      double s = 0.0;
      g.foot_fraction.push_back(ground_reaction_sample(in.grf, t, k, s)
                                    ? (1 - s) * in.grf.foot_fraction[k - 1] + s * in.grf.foot_fraction[k]
                                    : 0.0);
    }
  }
  out.notes.push_back(
      "step rate " + std::string(c.change > 0 ? "+" : "") + fmt(100 * c.change) + " % at the same speed: stride " +
      fmt(w.T) + " -> " + fmt(w.Tn) + " s, stance " + fmt(w.tc) + " -> " + fmt(w.tcn) + " s (exponent " +
      fmt(c.contact_time_exponent) + "), ground reaction x" + fmt(scale) +
      ", centre of pressure kept on the foot; Heiderscheit 2011 Table 3 changes: knee flexion at strike " +
      fmt(rad_to_deg(da.knee_flexion_at_strike)) + " deg, peak stance knee flexion " +
      fmt(rad_to_deg(da.knee_flexion_peak)) + " deg, peak hip flexion " + fmt(rad_to_deg(da.hip_flexion_peak)) +
      " deg, peak hip adduction " + fmt(rad_to_deg(da.hip_adduction_peak)) + " deg");
  if (report) *report = {w.T, w.Tn, w.tc, w.tcn, scale, da};
  return out;
}

}  // namespace patella
