#include "patella/study/sweep_run.hpp"

#include <exception>

#include "patella/core/distributions.hpp"
#include "patella/core/error.hpp"
#include "patella/gait/compare.hpp"

namespace patella {

const std::vector<std::pair<std::string, std::string>>& sweep_channels() {
  static const std::vector<std::pair<std::string, std::string>> c{
      {"lateral_shift", "mm"}, {"lateral_tilt", "deg"}, {"pf_contact_force", "BW"}};
  return c;
}

SweepPlan plan_sweep(const SweepSpec& spec) {
  SweepPlan p;
  p.spec = spec;
  p.samples = sweep_samples(spec);
  p.scenario = read_scenario(spec.scenario);
  if (!spec.baseline.empty()) p.baseline = read_scenario(spec.baseline);
  p.controls = spec.controls.empty() ? std::vector<std::string>{p.scenario.control} : spec.controls;
  for (const std::string& c : p.controls) {
    p.runs.push_back({"scenario, " + c, c, false});
    if (!spec.baseline.empty()) p.runs.push_back({"baseline, " + c, c, true});
  }
  const auto all = comparison_metrics();
  for (const std::string& m : spec.metrics)
    for (const auto& [name, unit] : all)
      if (name == m) p.metric_units.push_back(unit);
  return p;
}

std::vector<KeyOverride> sample_overrides(const SweepPlan& plan, std::size_t sample, bool baseline) {
  const Scenario& sc = baseline ? plan.baseline : plan.scenario;
  std::vector<KeyOverride> out;
  const int k = plan.samples.k;
  for (int j = 0; j < k; ++j) {
    const SweepParameter& p = plan.spec.parameters[j];
    if (p.where_set && !scenario_sets(sc, p.key)) continue;
    out.push_back(override_of(p, plan.samples.value[sample * k + j]));
  }
  return out;
}

void check_sweep_setup(const SweepPlan& plan) {
  std::vector<double> median;
  for (const SweepParameter& p : plan.spec.parameters) median.push_back(quantile(p.distribution, 0.5));
  for (bool baseline : {false, true}) {
    if (baseline && plan.spec.baseline.empty()) continue;
    const Scenario& sc = baseline ? plan.baseline : plan.scenario;
    std::vector<KeyOverride> o;
    for (std::size_t j = 0; j < median.size(); ++j) {
      const SweepParameter& p = plan.spec.parameters[j];
      if (!p.where_set || scenario_sets(sc, p.key)) o.push_back(override_of(p, median[j]));
    }
    const std::string file = baseline ? plan.spec.baseline : plan.spec.scenario;
    try {
      load_gait_setup(read_scenario(file, o));
    } catch (const ModelError& e) {
      throw ModelError(plan.spec.file + ": the " + (baseline ? "baseline" : "scenario") +
                       " with every parameter at its median: " + e.what());
    }
  }
}

SampleOutcome run_sample(const SweepPlan& plan, std::size_t sample, const std::function<void()>& check) {
  SampleOutcome out;
  std::exception_ptr stop;  // an interrupt, not the sample's failure
  auto poll = [&]() {
    if (!check) return;
    try {
      check();
    } catch (...) {
      stop = std::current_exception();
      throw;
    }
  };
  try {
    std::vector<GaitResult> results(plan.runs.size());
    for (std::size_t r = 0; r < plan.runs.size(); ++r) {
      poll();
      const SweepRun& run = plan.runs[r];
      Scenario sc = read_scenario(run.baseline ? plan.spec.baseline : plan.spec.scenario,
                                  sample_overrides(plan, sample, run.baseline));
      sc.control = run.control;
      const std::unique_ptr<GaitSetup> g = load_gait_setup(sc);
      results[r] = simulate_gait(*g->model, g->model->leg, g->model->leg_muscles, g->input, g->model->foot,
                                 g->options, [&](const std::string&, int, int) { poll(); });
      for (const GaitFrame& f : results[r].frames) out.unconverged += f.report.converged ? 0 : 1;
    }
    const auto metric_names = comparison_metrics();
    for (std::size_t r = 0; r < plan.runs.size(); ++r) {
      // read at the peak instant of the control's baseline run (the scenario's own without one)
      const std::size_t ref = plan.spec.baseline.empty() || plan.runs[r].baseline ? r : r + 1;
      const Comparison c = compare_results({"reference", "run"}, {&results[ref], &results[r]});
      for (const std::string& m : plan.spec.metrics)
        for (const ComparedMetric& cm : c.metrics)
          if (cm.name == m) out.metrics.push_back(cm.value[1]);
      for (const auto& [channel, unit] : sweep_channels())
        for (const AlignedChannel& ch : c.channels)
          if (ch.name == channel) out.curves.insert(out.curves.end(), ch.curve[1].begin(), ch.curve[1].end());
    }
    if (out.metrics.size() != plan.runs.size() * plan.spec.metrics.size() ||
        out.curves.size() != plan.runs.size() * sweep_channels().size() * kSweepCurvePoints)
      throw std::logic_error("run_sample: a metric or channel of the comparison is missing");
    out.ok = true;
  } catch (const Error& e) {
    if (stop) std::rethrow_exception(stop);
    out = SampleOutcome{};
    out.error = e.what();
  } catch (...) {
    if (stop) std::rethrow_exception(stop);
    throw;
  }
  return out;
}

}  // namespace patella
