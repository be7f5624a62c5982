// Section D2: the measured run at other step rates (see gait_cycle.hpp).
#include <algorithm>
#include <sstream>

#include "patella/core/conventions.hpp"
#include "patella/gait/actuation.hpp"
#include "patella/gait/step_rate.hpp"
#include "patella/validation/gait_cycle.hpp"
#include "patella/validation/markdown.hpp"

namespace patella::validation {

StepRatePoint step_rate_point(const GaitRun& run, double change, double bw) {
  const GaitResult& r = run.result;
  const GaitInput& in = run.setup->input;
  const double stance = r.stance_percent, own_bw = body_weight(r);
  auto deg = [](double v) { return rad_to_deg(v); };
  StepRatePoint p;
  p.change = change;
  p.stride = in.t_end - in.t_start;
  p.stance = in.stance_end - in.t_start;
  p.impulse_ratio = vertical_impulse(in.grf, in.t_start, in.stance_end) / (own_bw * 0.5 * p.stride);
  p.vertical_grf_bw = peak_of(r, [&](const GaitFrame& fr) { return fr.grf.force.y() / own_bw; }, stance).value;
  p.knee_strike_deg = deg(r.frames.front().q[kKneeFlex]);
  p.knee_flexion_deg = peak_of(r, [&](const GaitFrame& fr) { return deg(fr.q[kKneeFlex]); }, stance).value;
  p.hip_flexion_deg = peak_of(r, [&](const GaitFrame& fr) { return deg(fr.q[kHipFlex]); }).value;
  p.hip_adduction_deg = peak_of(r, [&](const GaitFrame& fr) { return deg(fr.q[kHipAdd]); }, stance).value;
  p.knee_moment = peak_of(r, [](const GaitFrame& fr) { return -fr.tau_id[3]; }, stance).value / r.body_mass;
  const GaitPeak pf = peak_of(r, [&](const GaitFrame& fr) { return fr.contact.force.norm() / bw; }, stance);
  const GaitFrame& fr = r.frames[pf.frame];
  p.pf_force_bw = pf.value;
  p.mean_pressure = fr.contact.mean_pressure;
  p.contact_area = fr.contact.area;
  p.lateral_shift = fr.pf[kPfTz];
  p.lateral_tilt = lateral_tilt_from_pf(fr.pf.data());
  const std::vector<ActuationCheck> checks = check_actuation(r);
  for (const JointReserve& j : checks.back().joints)
    p.largest_reserve_share = std::max(p.largest_reserve_share, j.share());
  return p;
}

StepRate compare_step_rate(std::vector<StepRatePoint> points, std::vector<ExponentPoint> exponent) {
  std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.change < b.change; });
  StepRate s{points, exponent, kContactTimeExponent, false};
  const StepRatePoint* base = nullptr;
  const StepRatePoint* plus = nullptr;
  for (const StepRatePoint& p : s.points) {
    if (p.change == 0.0) base = &p;
    if (p.change > 0.0) plus = &p;  // the largest
  }
  s.holds = base && plus && plus->knee_flexion_deg < base->knee_flexion_deg &&
            plus->knee_moment < base->knee_moment && plus->pf_force_bw < base->pf_force_bw;
  return s;
}

std::string step_rate_markdown(const StepRate& s) {
  auto f = [](double v, int digits = 2) { return format_fixed(v, digits); };
  const StepRatePoint* base = nullptr;
  for (const StepRatePoint& p : s.points)
    if (p.change == 0.0) base = &p;
  std::ostringstream md;
  md << "### D2. Step rate at the same speed (`scenarios/step_rate_*.yaml` on the measured 3 m/s run)\n\n"
     << "Each variant is the measured run re-timed (`include/patella/gait/step_rate.hpp`): the stride "
        "shortens to T/(1+c), stance to t_c (T'/T)^k with k = "
     << f(s.default_exponent, 1)
     << " (a spring-mass estimate from the leg stiffness Farley & Gonzalez 1996 measured over stride "
        "frequency; no contact times at changed step rate were found), the ground reaction keeps its "
        "shape in stance time and is scaled by (T'/T)^(1-k) so each step's vertical impulse keeps its "
        "ratio to body weight times step time, the centre of pressure stays where it was on the foot, "
        "and knee flexion at strike, peak stance knee flexion, peak hip flexion and peak hip adduction "
        "change as Heiderscheit et al. 2011 Table 3 measured (the published column gives its means "
        "at -10/-5/0/+5/+10 %), and in stance the ankle takes up the knee and hip changes so the "
        "planted foot keeps its measured pitch. Nothing in the model was set to the knee moment, the PF force or the "
        "pressures: those columns are outcomes.\n\n";
  std::vector<std::string> head{"quantity"};
  for (const StepRatePoint& p : s.points)
    head.push_back(p.change == 0.0 ? "preferred" : (p.change > 0 ? "+" : "") + f(100 * p.change, 0) + " %");
  head.push_back("published");
  MarkdownTable t{head, {}};
  auto row = [&](const std::string& name, auto get, int digits, const std::string& published) {
    std::vector<std::string> r{name};
    for (const StepRatePoint& p : s.points) r.push_back(f(get(p), digits));
    r.push_back(published);
    t.rows.push_back(r);
  };
  auto pct = [&](double v, double b) { return 100.0 * (v - b) / b; };
  row("stride time (s)", [](const StepRatePoint& p) { return p.stride; }, 3, "T / (1 + c)");
  row("stance time (s)", [](const StepRatePoint& p) { return p.stance; }, 3, "shorter at higher rates");
  row("vertical impulse / (BW x step time)", [](const StepRatePoint& p) { return p.impulse_ratio; }, 3,
      "the same in every condition (1 in a steady run)");
  row("peak vertical GRF (BW)", [](const StepRatePoint& p) { return p.vertical_grf_bw; }, 2,
      "lower at higher rates (Schubert et al. 2014 review)");
  row("knee flexion at strike (deg)", [](const StepRatePoint& p) { return p.knee_strike_deg; }, 1,
      "16.9 / 17.0 / 17.8 / 18.7 / 19.6 (Heiderscheit)");
  row("peak stance knee flexion (deg)", [](const StepRatePoint& p) { return p.knee_flexion_deg; }, 1,
      "50.6 / 48.0 / 46.3 / 44.1 / 42.8");
  row("peak hip flexion (deg)", [](const StepRatePoint& p) { return p.hip_flexion_deg; }, 1,
      "30.7 / 27.9 / 26.7 / 25.3 / 23.6");
  row("peak stance hip adduction (deg)", [](const StepRatePoint& p) { return p.hip_adduction_deg; }, 1,
      "11.3 / 10.8 / 10.4 / 9.5 / 8.7");
  row("peak knee extension moment (N m/kg)", [](const StepRatePoint& p) { return p.knee_moment; }, 2,
      "2.7 / 2.7 / 2.5 / 2.4 / 2.2");
  // the change of one quantity from the preferred rate, under its row
  auto change = [&](double StepRatePoint::*field, const std::string& published) {
    row("  change from preferred (%)", [&](const StepRatePoint& p) { return pct(p.*field, base->*field); }, 1,
        published);
  };
  if (base) change(&StepRatePoint::knee_moment, "+8 / +8 / 0 / -4 / -12");
  row("peak PF contact force (BW)", [](const StepRatePoint& p) { return p.pf_force_bw; }, 2, "");
  if (base) {
    change(&StepRatePoint::pf_force_bw, "-14 at +10 % (Lenhart et al. 2014)");
    row("mean pressure at peak force (MPa)", [](const StepRatePoint& p) { return p.mean_pressure * 1e-6; }, 2, "");
    change(&StepRatePoint::mean_pressure, "-10.4 at +10 % (Lenhart et al. 2015)");
    row("contact area at peak force (mm2)", [](const StepRatePoint& p) { return p.contact_area * 1e6; }, 0, "");
    change(&StepRatePoint::contact_area, "-7.4 at +10 % (Lenhart et al. 2015)");
  }
  row("lateral shift at peak force (mm)", [](const StepRatePoint& p) { return p.lateral_shift * 1e3; }, 2,
      "small (Lenhart 2015)");
  row("lateral tilt at peak force (deg)", [](const StepRatePoint& p) { return rad_to_deg(p.lateral_tilt); }, 2,
      "small (Lenhart 2015)");
  row("largest reserve share (%)", [](const StepRatePoint& p) { return 100 * p.largest_reserve_share; }, 1,
      "below 5 (Hicks et al. 2015)");
  md << to_markdown(t) << "\n";
  if (!s.exponent.empty()) {
    md << "The stance-time exponent k is an estimate, so the +-10 % runs are repeated at other k "
          "(k = 1: stance keeps its share of the stride and the ground reaction its peak; a smaller k: "
          "stance changes less than the step does, so at a higher rate the step's smaller impulse is "
          "spread over a relatively longer stance and the ground reaction peaks lower):\n\n";
    MarkdownTable e{{"k", "step rate", "stance time (s)", "knee extension moment change (%)",
                     "peak PF force change (%)"}, {}};
    for (const ExponentPoint& x : s.exponent)
      e.rows.push_back({f(x.exponent, 1), (x.change > 0 ? "+" : "") + f(100 * x.change, 0) + " %", f(x.stance, 3),
                        f(100 * x.knee_moment_change, 1), f(100 * x.pf_change, 1)});
    md << to_markdown(e) << "\n";
  }
  return md.str();
}

Figure step_rate_figure(const std::vector<const GaitResult*>& runs, const std::vector<std::string>& labels) {
  const double BW = body_weight(*runs.front());
  Figure fig{"gait_running.png", "the measured run at its step rates: PF force, lateral shift and tilt over the cycle", {}};
  const std::array<std::string, 3> titles{"running: PF contact force (BW)", "lateral shift pf_tz (mm)",
                                          "lateral tilt (deg)"};
  for (const std::string& title : titles) fig.panels.push_back({title, "gait cycle (%)", title, {}});
  for (std::size_t i = 0; i < runs.size(); ++i) {
    Series s[3];
    for (const GaitFrame& fr : runs[i]->frames) {
      for (Series& si : s) si.x.push_back(fr.gait_percent);
      s[0].y.push_back(fr.contact.force.norm() / BW);
      s[1].y.push_back(fr.pf[kPfTz] * 1e3);
      s[2].y.push_back(rad_to_deg(lateral_tilt_from_pf(fr.pf.data())));
    }
    for (int k = 0; k < 3; ++k) {
      s[k].name = labels[i];
      fig.panels[k].series.push_back(s[k]);
    }
  }
  return fig;
}

}  // namespace patella::validation
