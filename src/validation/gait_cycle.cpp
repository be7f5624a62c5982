// Section D: the gait runs and the section's text (see gait_cycle.hpp).
#include "patella/validation/gait_cycle.hpp"

namespace patella::validation {

GaitCycleValidation validate_gait_cycle(const std::string& scenarios, const ProgressMessage& progress) {
  const std::string running = scenarios + "/synthetic_running_cycle.yaml";
  const GaitRun base = run_gait_scenario(running, -1, ActivationStepper::Dopri5, progress);
  const GaitRun plus = run_gait_scenario(scenarios + "/step_rate_plus10.yaml", -1, ActivationStepper::Dopri5, progress);
  const GaitRun minus = run_gait_scenario(scenarios + "/step_rate_minus10.yaml", -1, ActivationStepper::Dopri5, progress);
  const GaitRun walk = run_gait_scenario(scenarios + "/baseline_walking.yaml", -1, ActivationStepper::Dopri5, progress);
  GaitCycleValidation d;
  d.measured = validate_measured_running(scenarios, progress);
  d.running = compare_running(base.result);
  d.running_figure = running_figure(base.result, plus.result, minus.result);
  d.step_rate = compare_step_rate(minus.result, base.result, plus.result);
  d.walking = compare_walking(walk);
  d.walking_figure = walking_figure(walk.result);
  d.integrator = integrator_study(running, base, progress);
  d.patella_mass = patella_mass_check(base);
  return d;
}

std::string gait_cycle_markdown(const GaitCycleValidation& d, const std::string& figures_link) {
  std::string md = running_markdown(d.running);
  // D0 leads section D, ahead of the synthetic default cycle (D1)
  const std::size_t d1 = md.find("### D1.");
  md.insert(d1 == std::string::npos ? md.size() : d1, measured_running_markdown(d.measured, figures_link));
  if (!figures_link.empty()) md += figure_link(d.running_figure, figures_link);
  md += step_rate_markdown(d.step_rate) + walking_markdown(d.walking);
  if (!figures_link.empty()) md += figure_link(d.walking_figure, figures_link);
  return md + integrator_markdown(d.integrator) + patella_mass_markdown(d.patella_mass);
}

}  // namespace patella::validation
