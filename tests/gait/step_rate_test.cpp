// A run at another step rate (gait/step_rate.hpp): times, the step's vertical impulse, the
// measured angle changes, the centre of pressure kept on the foot, and no change at 0 %.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/gait/step_rate.hpp"
#include "patella/io/gait_reader.hpp"
#include "patella/io/scenario.hpp"
#include "patella/mechanics/leg_kinematics.hpp"

using namespace patella;
using Catch::Matchers::Contains;

namespace {

// the measured 3 m/s run on the model scaled to its runner, loaded once
const GaitSetup& measured_run() {
  static const std::unique_ptr<GaitSetup> g =
      load_gait_setup(read_scenario(std::string(PATELLA_SOURCE_DIR) + "/scenarios/baseline_running.yaml"));
  return *g;
}

double peak_deg(const GaitInput& in, int dof, double t0, double t1) {
  double best = -1e300;
  for (double t = t0; t <= t1; t += 1e-4) best = std::max(best, in.q[dof].value(t));
  return rad_to_deg(best);
}

// the ground reaction's point in the calcaneus frame at t
Vec3 point_on_foot(const GaitSetup& g, const GaitInput& in, double t) {
  LegQ q{};
  for (int d = 0; d < kNumLegDofs; ++d) q[d] = in.q[d].value(t);
  LegPoses X;
  leg_poses(g.model->leg, q, Transform{}, X);
  return X[kCalcn].inverse() * ground_reaction_at(in, g.model->foot, X, t).point;
}

}  // namespace

TEST_CASE("Step rate: 0 % gives the input back", "[gait][step_rate]") {
  const GaitSetup& g = measured_run();
  const GaitInput& in = g.input;
  const GaitInput out = change_step_rate(in, g.model->leg, g.model->foot, StepRateChange{});
  CHECK(out.t_start == in.t_start);
  CHECK(out.t_end == Approx(in.t_end).margin(1e-12));
  CHECK(out.stance_end == Approx(in.stance_end).margin(1e-12));
  for (double f = 0.0; f <= 1.0; f += 0.0137) {
    const double t = in.t_start + f * (in.t_end - in.t_start);
    for (int d = 0; d < kNumLegDofs; ++d) CHECK(out.q[d].value(t) == Approx(in.q[d].value(t)).margin(1e-7));
    LegQ q{};
    for (int d = 0; d < kNumLegDofs; ++d) q[d] = in.q[d].value(t);
    LegPoses X;
    leg_poses(g.model->leg, q, Transform{}, X);
    const Wrench a = ground_reaction_at(in, g.model->foot, X, t), b = ground_reaction_at(out, g.model->foot, X, t);
    CHECK((a.force - b.force).norm() < 1e-6 * (1.0 + a.force.norm()) + 1e-9);
    if (a.force.norm() > 50.0) CHECK((a.point - b.point).norm() < 1e-6);
  }
}

TEST_CASE("Step rate: stride and stance shorten, each step's vertical impulse keeps its ratio to "
          "body weight times step time", "[gait][step_rate]") {
  const GaitSetup& g = measured_run();
  const GaitInput& in = g.input;
  const double T = in.t_end - in.t_start, tc = in.stance_end - in.t_start;
  const double weight = g.model->leg.body_mass * 9.80665;
  const double base_ratio = vertical_impulse(in.grf, in.t_start, in.stance_end) / (weight * 0.5 * T);
  // a steady run: the right foot's stance carries one step of body weight (within the
  // measurement's few per cent)
  CHECK(base_ratio == Approx(1.0).margin(0.06));
  for (double c : {-0.10, -0.05, 0.05, 0.10}) {
    for (double k : {0.5, kContactTimeExponent, 1.0}) {
      StepRateChange sc;
      sc.change = c;
      sc.contact_time_exponent = k;
      StepRateReport rep;
      const GaitInput out = change_step_rate(in, g.model->leg, g.model->foot, sc, &rep);
      const double Tn = out.t_end - out.t_start, tcn = out.stance_end - out.t_start;
      INFO("change " << c << ", k " << k);
      CHECK(Tn == Approx(T / (1 + c)).epsilon(1e-12));
      CHECK(tcn == Approx(tc * std::pow(1 / (1 + c), k)).epsilon(1e-12));
      CHECK(rep.force_scale == Approx(std::pow(1 / (1 + c), 1 - k)).epsilon(1e-12));
      const double ratio = vertical_impulse(out.grf, out.t_start, out.stance_end) / (weight * 0.5 * Tn);
      CHECK(ratio == Approx(base_ratio).epsilon(0.005));
      // no load in the new swing
      for (double t = out.stance_end + 0.01; t < out.t_end - 0.01; t += 0.005) {
        LegPoses X;
        CHECK(ground_reaction_at(out, g.model->foot, X, t).force.norm() < 30.0);
      }
    }
  }
}

TEST_CASE("Step rate: knee and hip angles change as Heiderscheit 2011 Table 3 measured", "[gait][step_rate]") {
  const GaitSetup& g = measured_run();
  const GaitInput& in = g.input;
  for (double c : {-0.10, -0.05, 0.05, 0.10}) {
    StepRateChange sc;
    sc.change = c;
    const GaitInput out = change_step_rate(in, g.model->leg, g.model->foot, sc);
    const StepRateAngles da = heiderscheit_angle_changes(c);
    INFO("change " << c);
    CHECK(rad_to_deg(out.q[kKneeFlex].value(out.t_start) - in.q[kKneeFlex].value(in.t_start)) ==
          Approx(rad_to_deg(da.knee_flexion_at_strike)).margin(0.05));
    CHECK(peak_deg(out, kKneeFlex, out.t_start, out.stance_end) - peak_deg(in, kKneeFlex, in.t_start, in.stance_end) ==
          Approx(rad_to_deg(da.knee_flexion_peak)).margin(0.3));
    CHECK(peak_deg(out, kHipFlex, out.t_start, out.t_end) - peak_deg(in, kHipFlex, in.t_start, in.t_end) ==
          Approx(rad_to_deg(da.hip_flexion_peak)).margin(0.3));
    CHECK(peak_deg(out, kHipAdd, out.t_start, out.stance_end) - peak_deg(in, kHipAdd, in.t_start, in.stance_end) ==
          Approx(rad_to_deg(da.hip_adduction_peak)).margin(0.3));
  }
  // the table's conditions, and linear between them
  CHECK(rad_to_deg(heiderscheit_angle_changes(0.10).knee_flexion_peak) == Approx(42.8 - 46.3));
  CHECK(rad_to_deg(heiderscheit_angle_changes(-0.10).hip_flexion_peak) == Approx(30.7 - 26.7));
  CHECK(rad_to_deg(heiderscheit_angle_changes(0.075).knee_flexion_at_strike) == Approx(0.5 * (18.7 + 19.6) - 17.8));
  CHECK_THROWS_WITH(heiderscheit_angle_changes(0.12), Contains("12 %") && Contains("-10 % to +10 %"));
}

TEST_CASE("Step rate: the centre of pressure stays where it was on the foot, and the motion stays "
          "smooth", "[gait][step_rate]") {
  const GaitSetup& g = measured_run();
  const GaitInput& in = g.input;
  StepRateChange sc;
  sc.change = 0.10;
  const GaitInput out = change_step_rate(in, g.model->leg, g.model->foot, sc);
  const double tc = in.stance_end - in.t_start, tcn = out.stance_end - out.t_start;
  for (double f : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    INFO("stance fraction " << f);
    const Vec3 a = point_on_foot(g, in, in.t_start + f * tc), b = point_on_foot(g, out, out.t_start + f * tcn);
    CHECK((a - b).norm() < 2e-3);  // the ground reaction's samples are 10 ms apart in the input
  }
  // accelerations: no jump at the events, where the pace changes (a jump of q'' would show as a
  // difference between the second derivative just before and just after)
  for (double t : {out.stance_end, out.stance_end + sc.pace_ramp, out.t_end - sc.pace_ramp})
    for (int d : {kHipFlex, kKneeFlex, kAnkleFlex}) {
      INFO("t " << t << " dof " << d);
      const double before = out.q[d].second_derivative(t - 1e-3), after = out.q[d].second_derivative(t + 1e-3);
      const double scale = std::max({std::abs(in.q[d].second_derivative(in.stance_end - 1e-3)),
                                     std::abs(in.q[d].second_derivative(in.stance_end + 1e-3)), 100.0});
      CHECK(std::abs(after - before) < 0.1 * scale);
    }
}

TEST_CASE("Step rate: a swing too short for the change of pace is refused with the numbers", "[gait][step_rate]") {
  const GaitSetup& g = measured_run();
  StepRateChange sc;
  sc.change = 0.10;
  sc.pace_ramp = 0.2;
  CHECK_THROWS_WITH(change_step_rate(g.input, g.model->leg, g.model->foot, sc),
                    Contains("stance") && Contains("swing") && Contains("10 %"));
}

TEST_CASE("Step rate: a cycle CSV keeps its forward speed and its centre of pressure's place along "
          "the foot", "[gait][step_rate]") {
  const GaitSetup& g = measured_run();
  LegQ defaults{};
  for (int d = 0; d < kNumLegDofs; ++d) defaults[d] = g.model->tree.default_q[g.model->leg.dofs[d]];
  const GaitInput in = read_cycle_csv(std::string(PATELLA_MODELS_DIR) + "/running/default_running_cycle.csv",
                                      g.model->leg.body_mass, defaults);
  REQUIRE(in.speed > 0.0);
  REQUIRE_FALSE(in.grf.point_in_ground);
  StepRateChange sc;
  sc.change = 0.10;
  const GaitInput out = change_step_rate(in, g.model->leg, g.model->foot, sc);
  const double Tn = out.t_end - out.t_start;
  CHECK((out.q[kPelvisTx].value(out.t_end) - out.q[kPelvisTx].value(out.t_start)) / Tn ==
        Approx(in.speed).epsilon(1e-3));
  REQUIRE_FALSE(out.grf.point_in_ground);
  const double tc = in.stance_end - in.t_start, tcn = out.stance_end - out.t_start;
  for (double f : {0.2, 0.5, 0.8}) {
    INFO("stance fraction " << f);
    CHECK(point_on_foot(g, out, out.t_start + f * tcn).isApprox(point_on_foot(g, in, in.t_start + f * tc), 1e-3));
  }
}

TEST_CASE("Step rate: the foot stays planted - in stance its orientation in ground is the measured "
          "one at the same stance fraction, whatever the knee and hip changes", "[gait][step_rate]") {
  const GaitSetup& g = measured_run();
  const GaitInput& in = g.input;
  for (double c : {-0.10, 0.10}) {
    StepRateChange sc;
    sc.change = c;
    const GaitInput out = change_step_rate(in, g.model->leg, g.model->foot, sc);
    const double tc = in.stance_end - in.t_start, tcn = out.stance_end - out.t_start;
    auto foot = [&](const GaitInput& x, double t) {
      LegQ q{};
      for (int d = 0; d < kNumLegDofs; ++d) q[d] = x.q[d].value(t);
      LegPoses X;
      leg_poses(g.model->leg, q, Transform{}, X);
      return X[kCalcn].R;
    };
    for (double f : {0.0, 0.25, 0.5, 0.75, 1.0}) {
      INFO("change " << c << ", stance fraction " << f);
      const Mat3 a = foot(in, in.t_start + f * tc), b = foot(out, out.t_start + f * tcn);
      // the sagittal pitch (about ground Z) is kept (to 0.1 deg: the ankle axis is oblique); the
      // hip adduction change rolls the foot by at most its 1.7 deg
      const Vec3 d = rotation_vector(a.transpose() * b);
      CHECK(rad_to_deg(std::abs((a * d).z())) < 0.1);
      CHECK(rad_to_deg(d.norm()) < 2.0);
    }
  }
}
