// Calculation verification of the gait cycle (see verification.hpp): the activation integrator's
// tolerance and the frames per cycle, on the running scenario.
#include <algorithm>
#include <cmath>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/io/scenario.hpp"
#include "patella/mechanics/leg_kinematics.hpp"
#include "patella/validation/markdown.hpp"
#include "patella/validation/verification.hpp"

namespace patella::validation {

namespace {

// The scenario simulated with its options edited; a run that stops (SimulationError) is
// reported, not thrown: that too is a finding of the study.
GaitOutputs run_with(const std::string& scenario_file, const std::function<void(GaitOptions&)>& edit,
                     const std::string& label, const ProgressMessage& progress) {
  GaitOutputs o;
  const Scenario sc = read_scenario(scenario_file);
  const std::unique_ptr<GaitSetup> setup = load_gait_setup(sc);
  GaitOptions opt = setup->options;
  edit(opt);
  if (progress) progress("gait " + sc.name + " " + label);
  GaitResult r;
  try {
    r = simulate_gait(*setup->model, setup->model->leg, setup->model->leg_muscles, setup->input,
                      setup->model->foot, opt);
  } catch (const SimulationError& e) {
    o.error = e.what();
    return o;
  }
  o.ran = true;
  o.notes = r.notes;
  const double bw = body_weight(r);
  double pf_sum = 0.0, shift_sum = 0.0;
  int stance = 0;
  for (const GaitFrame& f : r.frames) {
    if (f.cycle != r.frames.back().cycle) continue;  // the last simulated cycle
    ++o.frames;
    if (!f.report.converged) {
      ++o.unconverged_frames;
      o.unconverged_percent.push_back(f.gait_percent);
      o.unconverged_knee_deg.push_back(rad_to_deg(f.q[kKneeFlex]));
    }
    const double pf = f.contact.force.norm() / bw, shift = 1e3 * lateral_shift_from_pf(f.pf.data());
    o.percent.push_back(f.gait_percent);
    o.pf_bw.push_back(pf);
    o.shift_mm.push_back(shift);
    if (pf > o.peak_pf_bw) {
      o.peak_pf_bw = pf;
      o.peak_pf_percent = f.gait_percent;
    }
    o.peak_shift_mm = std::max(o.peak_shift_mm, shift);
    if (f.gait_percent <= r.stance_percent) {
      pf_sum += pf;
      shift_sum += shift;
      ++stance;
    }
  }
  if (stance > 0) {
    o.stance_mean_pf_bw = pf_sum / stance;
    o.stance_mean_shift_mm = shift_sum / stance;
  }
  return o;
}

}  // namespace

const char* gait_output_name(int k) {
  static const char* const names[] = {"peak PF contact force (BW)", "peak lateral shift (mm)",
                                      "stance-mean PF contact force (BW)", "stance-mean lateral shift (mm)"};
  return names[k];
}

double gait_output(const GaitOutputs& o, int k) {
  switch (k) {
    case 0: return o.peak_pf_bw;
    case 1: return o.peak_shift_mm;
    case 2: return o.stance_mean_pf_bw;
    default: return o.stance_mean_shift_mm;
  }
}

GaitStudy gait_integrator_study(const std::string& scenario_file, const ProgressMessage& progress) {
  GaitStudy s;
  s.scenario = scenario_file;
  const GaitOptions defaults;
  for (double scale : {1.0, 0.1, 0.01}) {
    GaitSetting g;
    g.parameter = defaults.integrator_abs_tol * scale;
    g.is_default = scale == 1.0;
    g.label = "abs " + format_plain(defaults.integrator_abs_tol * scale) + ", rel " +
              format_plain(defaults.integrator_rel_tol * scale) + (g.is_default ? " (default)" : "");
    g.out = run_with(
        scenario_file,
        [&](GaitOptions& o) {
          o.integrator_abs_tol *= scale;
          o.integrator_rel_tol *= scale;
        },
        "integrator " + g.label, progress);
    s.settings.push_back(std::move(g));
  }
  return s;
}

GaitStudy gait_frames_study(const std::string& scenario_file, const std::vector<int>& frames,
                            const ProgressMessage& progress) {
  GaitStudy s;
  s.scenario = scenario_file;
  const int default_frames = read_scenario(scenario_file).frames_per_cycle;
  for (int n : frames) {
    GaitSetting g;
    g.parameter = n;
    g.is_default = n == default_frames;
    g.label = std::to_string(n) + (g.is_default ? " (scenario's)" : "");
    g.out = run_with(scenario_file, [&](GaitOptions& o) { o.frames_per_cycle = n; },
                     std::to_string(n) + " frames", progress);
    s.settings.push_back(std::move(g));
  }
  return s;
}

}  // namespace patella::validation
