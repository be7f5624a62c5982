// Section D: the gait runs and the section's text (see gait_cycle.hpp).
#include "patella/validation/gait_cycle.hpp"

#include "patella/gait/step_rate.hpp"
#include "patella/validation/markdown.hpp"

namespace patella::validation {

GaitCycleValidation validate_gait_cycle(const std::string& scenarios, const ProgressMessage& progress) {
  const std::string running = scenarios + "/synthetic_running_cycle.yaml";
  const GaitRun base = run_gait_scenario(running, -1, ActivationStepper::Dopri5, progress);
  const GaitRun walk = run_gait_scenario(scenarios + "/baseline_walking.yaml", -1, ActivationStepper::Dopri5, progress);
  GaitCycleValidation d;
  d.measured = validate_measured_running(scenarios, progress);
  d.running = compare_running(base.result);
  // D2: the measured run at its step rates, then the +-10 % runs at other stance-time exponents
  const GaitRun preferred = run_gait_scenario(scenarios + "/baseline_running.yaml", -1, ActivationStepper::Dopri5, progress);
  const double bw = body_weight(preferred.result);
  std::vector<StepRatePoint> points{step_rate_point(preferred, 0.0, bw)};
  std::vector<GaitRun> variants;
  std::vector<const GaitResult*> runs{&preferred.result};
  std::vector<std::string> labels{"preferred"};
  for (const char* name : {"step_rate_minus10", "step_rate_minus5", "step_rate_plus5", "step_rate_plus10"}) {
    const Scenario sc = read_scenario(scenarios + "/" + name + ".yaml");
    variants.push_back(run_gait_scenario(sc, -1, ActivationStepper::Dopri5, progress));
    points.push_back(step_rate_point(variants.back(), sc.step_rate_change, bw));
    labels.push_back((sc.step_rate_change > 0 ? "+" : "") + format_fixed(100 * sc.step_rate_change, 0) +
                     " % step rate");
  }
  for (const GaitRun& v : variants) runs.push_back(&v.result);
  // the +-10 % runs at other stance-time exponents, and at the default one (from above)
  std::vector<ExponentPoint> exponent;
  auto add = [&](double k, const StepRatePoint& p) {
    exponent.push_back({k, p.change, p.stance, p.knee_moment / points[0].knee_moment - 1.0,
                        p.pf_force_bw / points[0].pf_force_bw - 1.0});
  };
  for (double k : {0.5, kContactTimeExponent, 1.0})
    for (const char* name : {"step_rate_minus10", "step_rate_plus10"}) {
      Scenario sc = read_scenario(scenarios + "/" + name + ".yaml");
      if (k == sc.contact_time_exponent) {
        for (const StepRatePoint& p : points)
          if (p.change == sc.step_rate_change) add(k, p);
        continue;
      }
      sc.contact_time_exponent = k;
      sc.name += " k " + format_fixed(k, 1);
      add(k, step_rate_point(run_gait_scenario(sc, -1, ActivationStepper::Dopri5, progress), sc.step_rate_change, bw));
    }
  d.step_rate = compare_step_rate(points, exponent);
  d.step_rate_figure = step_rate_figure(runs, labels);
  d.walking = compare_walking(walk);
  d.walking_figure = walking_figure(walk.result);
  d.integrator = integrator_study(running, base, progress);
  d.patella_mass = patella_mass_check(base);
  d.tibiofemoral = validate_tibiofemoral_gait(walk, scenarios + "/baseline_walking.yaml", preferred,
                                              scenarios + "/baseline_running.yaml", progress);
  return d;
}

std::string gait_cycle_markdown(const GaitCycleValidation& d, const std::string& figures_link) {
  std::string md = running_markdown(d.running);
  // D0 leads section D, ahead of the synthetic default cycle (D1)
  const std::size_t d1 = md.find("### D1.");
  md.insert(d1 == std::string::npos ? md.size() : d1, measured_running_markdown(d.measured, figures_link));
  md += step_rate_markdown(d.step_rate);
  if (!figures_link.empty()) md += figure_link(d.step_rate_figure, figures_link);
  md += walking_markdown(d.walking);
  if (!figures_link.empty()) md += figure_link(d.walking_figure, figures_link);
  return md + integrator_markdown(d.integrator) + patella_mass_markdown(d.patella_mass) +
         tibiofemoral_gait_markdown(d.tibiofemoral);
}

}  // namespace patella::validation
