// Section D's runs and peaks (see gait_run.hpp).
#include "patella/validation/gait_run.hpp"

#include <cmath>

#include "patella/validation/markdown.hpp"

namespace patella::validation {

GaitRun run_gait_scenario(const std::string& scenario, double tol, ActivationStepper stepper,
                          const ProgressMessage& progress) {
  return run_gait_scenario(read_scenario(scenario), tol, stepper, progress);
}

GaitRun run_gait_scenario(const Scenario& sc, double tol, ActivationStepper stepper,
                          const ProgressMessage& progress) {
  GaitRun r;
  r.setup = load_gait_setup(sc);
  GaitOptions opt = r.setup->options;
  if (tol > 0) opt.integrator_abs_tol = opt.integrator_rel_tol = tol;
  opt.stepper = stepper;
  if (progress) progress("gait " + sc.name + (tol > 0 ? " tol " + format_fixed(std::log10(tol), 0) : ""));
  r.result = simulate_gait(*r.setup->model, r.setup->model->leg, r.setup->model->leg_muscles,
                           r.setup->input, r.setup->model->foot, opt);
  return r;
}

GaitPeak peak_of(const GaitResult& r, const std::function<double(const GaitFrame&)>& get,
                 double max_percent) {
  GaitPeak p;
  for (std::size_t i = 0; i < r.frames.size(); ++i) {
    const GaitFrame& fr = r.frames[i];
    if (fr.gait_percent > max_percent) continue;
    const double v = get(fr);
    if (v > p.value) {
      p.value = v;
      p.percent = fr.gait_percent;
      p.frame = static_cast<int>(i);
    }
  }
  return p;
}

double body_weight(const GaitResult& r) { return r.body_mass * 9.80665; }

int muscle_index(const GaitResult& r, const std::string& name) {
  for (std::size_t m = 0; m < r.muscles.size(); ++m)
    if (r.muscles[m] == name) return static_cast<int>(m);
  return -1;
}

}  // namespace patella::validation
