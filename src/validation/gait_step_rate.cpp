// Section D2: step rate +-10 % (see gait_cycle.hpp).
#include <sstream>

#include "patella/core/conventions.hpp"
#include "patella/validation/gait_cycle.hpp"
#include "patella/validation/markdown.hpp"

namespace patella::validation {

namespace {

// peaks over the run's own stance; PF force in body weights of `bw`
StepRatePoint at_peak(const GaitResult& r, double bw) {
  StepRatePoint p;
  p.knee_flexion_deg =
      peak_of(r, [](const GaitFrame& fr) { return rad_to_deg(fr.q[kKneeFlex]); }, r.stance_percent).value;
  const GaitPeak pf = peak_of(r, [&](const GaitFrame& fr) { return fr.contact.force.norm() / bw; }, r.stance_percent);
  const GaitFrame& fr = r.frames[pf.frame];
  p.pf_force_bw = pf.value;
  p.mean_pressure = fr.contact.mean_pressure;
  p.contact_area = fr.contact.area;
  p.lateral_shift = fr.pf[kPfTz];
  p.lateral_tilt = lateral_tilt_from_pf(fr.pf.data());
  return p;
}

}  // namespace

StepRate compare_step_rate(const GaitResult& minus10, const GaitResult& preferred, const GaitResult& plus10) {
  const double bw = body_weight(preferred);
  StepRate s{at_peak(minus10, bw), at_peak(preferred, bw), at_peak(plus10, bw), false};
  s.holds = s.plus10.knee_flexion_deg < s.preferred.knee_flexion_deg && s.plus10.pf_force_bw < s.preferred.pf_force_bw;
  return s;
}

std::string step_rate_markdown(const StepRate& s) {
  auto f = [](double v, int digits = 2) { return format_fixed(v, digits); };
  auto pct = [](double a, double b) { return 100.0 * (a - b) / b; };
  const StepRatePoint &m = s.minus10, &b = s.preferred, &p = s.plus10;
  MarkdownTable t{{"quantity", "-10 %", "preferred", "+10 %", "change at +10 %", "target at +10 %"}, {}};
  t.rows.push_back({"peak stance knee flexion (deg)", f(m.knee_flexion_deg, 1), f(b.knee_flexion_deg, 1),
                    f(p.knee_flexion_deg, 1), f(p.knee_flexion_deg - b.knee_flexion_deg, 1) + " deg",
                    "lower (Heiderscheit: 42.8 vs 46.3)"});
  t.rows.push_back({"peak PF contact force (BW)", f(m.pf_force_bw), f(b.pf_force_bw), f(p.pf_force_bw),
                    f(pct(p.pf_force_bw, b.pf_force_bw), 1) + " %", "-14 % (Lenhart 2014)"});
  t.rows.push_back({"mean pressure at peak force (MPa)", f(m.mean_pressure * 1e-6), f(b.mean_pressure * 1e-6),
                    f(p.mean_pressure * 1e-6), f(pct(p.mean_pressure, b.mean_pressure), 1) + " %",
                    "-10.4 % (Lenhart 2015)"});
  t.rows.push_back({"contact area at peak force (mm2)", f(m.contact_area * 1e6, 0), f(b.contact_area * 1e6, 0),
                    f(p.contact_area * 1e6, 0), f(pct(p.contact_area, b.contact_area), 1) + " %",
                    "-7.4 % (Lenhart 2015)"});
  t.rows.push_back({"lateral shift at peak force (mm)", f(m.lateral_shift * 1e3), f(b.lateral_shift * 1e3),
                    f(p.lateral_shift * 1e3), f((p.lateral_shift - b.lateral_shift) * 1e3) + " mm",
                    "small (Lenhart 2015)"});
  t.rows.push_back({"lateral tilt at peak force (deg)", f(rad_to_deg(m.lateral_tilt)), f(rad_to_deg(b.lateral_tilt)),
                    f(rad_to_deg(p.lateral_tilt)), f(rad_to_deg(p.lateral_tilt - b.lateral_tilt)) + " deg",
                    "small (Lenhart 2015)"});
  return "### D2. Step rate +-10 % (`scenarios/step_rate_plus10.yaml`, `step_rate_minus10.yaml`)\n\n" +
         to_markdown(t) + "\n";
}

}  // namespace patella::validation
