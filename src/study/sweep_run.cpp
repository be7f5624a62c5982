#include "patella/study/sweep_run.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <map>

#include "patella/core/distributions.hpp"
#include "patella/core/error.hpp"
#include "patella/gait/compare.hpp"

namespace fs = std::filesystem;

namespace patella {

namespace {
// what a scenario changes in the muscles: only then does the control hypothesis matter
bool edits_muscles(const Scenario& s) {
  return !s.muscle_edits.empty() || !s.min_activation.empty() || !s.interventions.empty();
}

std::string unit_of(const std::string& metric) {
  for (const auto& [name, unit] : comparison_metrics())
    if (name == metric) return unit;
  throw ModelError("unknown metric '" + metric + "'");
}
}  // namespace

const std::vector<std::pair<std::string, std::string>>& sweep_channels() {
  static const std::vector<std::pair<std::string, std::string>> c{
      {"lateral_shift", "mm"}, {"lateral_tilt", "deg"}, {"pf_contact_force", "BW"}};
  return c;
}

std::size_t SweepPlan::curve_values() const {
  std::size_t n = 0;
  for (const SweepRun& r : runs) n += r.curves ? sweep_channels().size() * kSweepCurvePoints : 0;
  return n;
}

SweepPlan plan_sweep(const SweepSpec& spec) {
  SweepPlan p;
  p.spec = spec;
  p.samples = sweep_samples(spec);
  auto add_run = [&](const std::string& label, const std::string& file, const Scenario& sc, const std::string& c,
                     bool curves) {
    p.runs.push_back({label, file, c, sc, curves});
    return static_cast<int>(p.runs.size()) - 1;
  };
  if (spec.claims.empty()) {
    const Scenario sc = read_scenario(spec.scenario);
    const Scenario base = spec.baseline.empty() ? Scenario{} : read_scenario(spec.baseline);
    p.controls = spec.controls.empty() ? std::vector<std::string>{sc.control} : spec.controls;
    std::vector<std::pair<int, int>> pairs;  // per control: scenario run, baseline run (or -1)
    for (const std::string& c : p.controls) {
      const int s = add_run("scenario, " + c, spec.scenario, sc, c, true);
      const int b = spec.baseline.empty() ? -1 : add_run("baseline, " + c, spec.baseline, base, c, true);
      pairs.emplace_back(s, b);
    }
    for (const auto& [s, b] : pairs)
      for (int r : {s, b}) {
        if (r < 0) continue;
        for (const std::string& m : spec.metrics)
          p.outputs.push_back({p.runs[r].label, m, unit_of(m), p.runs[r].control, r, b < 0 ? r : b, -1, -1});
      }
    for (std::size_t c = 0; c < pairs.size(); ++c) {
      const auto [s, b] = pairs[c];
      if (b < 0) continue;
      for (const std::string& m : spec.metrics)
        p.outputs.push_back({"change, " + p.controls[c], m, unit_of(m), p.controls[c], s, b, b, b});
    }
  } else {
    p.claims = read_claims(spec.claims);
    p.controls = spec.controls.empty()
                     ? std::vector<std::string>{"compensated", "uncompensated", "emg_constrained"}
                     : spec.controls;
    const fs::path dir = fs::path(spec.claims).parent_path();
    std::vector<std::string> files;
    for (const Claim& c : p.claims)
      for (const std::string& f : {c.baseline, c.scenario})
        if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
    std::map<std::string, Scenario> scenario_of;
    for (const std::string& f : files) scenario_of[f] = read_scenario((dir / f).string());
    // file -> its run under each control
    std::map<std::string, std::map<std::string, int>> run_of;
    for (const std::string& c : p.controls)
      for (const std::string& f : files) {
        const Scenario& sc = scenario_of[f];
        if (c == "uncompensated" && !edits_muscles(sc)) continue;
        run_of[f][c] = add_run(f + ", " + c, (dir / f).string(), sc, c, false);
      }
    auto run = [&](const std::string& f, const std::string& c) {
      auto it = run_of[f].find(c);
      return it != run_of[f].end() ? it->second : run_of[f].at("compensated");
    };
    for (const std::string& c : p.controls)
      if (c == "uncompensated" && std::find(p.controls.begin(), p.controls.end(), "compensated") == p.controls.end())
        throw ModelError(spec.file + ": controls: 'uncompensated' needs 'compensated' too (a claim whose files "
                         "edit no muscle takes its compensated run)");
    for (std::size_t i = 0; i < p.claims.size(); ++i)
      for (const std::string& c : p.controls) {
        const Claim& cl = p.claims[i];
        const int s = run(cl.scenario, c), b = run(cl.baseline, c);
        p.outputs.push_back(
            {"claim " + std::to_string(i + 1) + ", " + c, cl.metric, unit_of(cl.metric), c, s, b, b, b});
      }
  }
  // a combined value must stay within its key's range on every run's scenario
  for (const SweepParameter& par : spec.parameters) {
    if (par.combine == SweepParameter::Combine::Replace) continue;
    const double lo = quantile(par.distribution, 0.0), hi = quantile(par.distribution, 1.0);
    for (const SweepRun& r : p.runs)
      if (!par.where_set || scenario_sets(r.scenario, par.key))
        for (double x : {lo, hi}) override_of(par, x, r.scenario);  // throws naming both
  }
  return p;
}

std::vector<KeyOverride> sample_overrides(const SweepPlan& plan, std::size_t sample, const Scenario& sc) {
  std::vector<KeyOverride> out;
  const int k = plan.samples.k;
  for (int j = 0; j < k; ++j) {
    const SweepParameter& p = plan.spec.parameters[j];
    if (p.where_set && !scenario_sets(sc, p.key)) continue;
    out.push_back(override_of(p, plan.samples.value[sample * k + j], sc));
  }
  return out;
}

void check_sweep_setup(const SweepPlan& plan) {
  std::vector<double> median;
  for (const SweepParameter& p : plan.spec.parameters) median.push_back(quantile(p.distribution, 0.5));
  std::vector<std::string> done;
  for (const SweepRun& run : plan.runs) {
    if (std::find(done.begin(), done.end(), run.file) != done.end()) continue;
    done.push_back(run.file);
    std::vector<KeyOverride> o;
    for (std::size_t j = 0; j < median.size(); ++j) {
      const SweepParameter& p = plan.spec.parameters[j];
      if (!p.where_set || scenario_sets(run.scenario, p.key)) o.push_back(override_of(p, median[j], run.scenario));
    }
    try {
      load_gait_setup(read_scenario(run.file, o));
    } catch (const ModelError& e) {
      throw ModelError(plan.spec.file + ": " + run.file + " with every parameter at its median: " + e.what());
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
      Scenario sc = read_scenario(run.file, sample_overrides(plan, sample, run.scenario));
      sc.control = run.control;
      const std::unique_ptr<GaitSetup> g = load_gait_setup(sc);
      results[r] = simulate_gait(*g->model, g->model->leg, g->model->leg_muscles, g->input, g->model->foot,
                                 g->options, [&](const std::string&, int, int) { poll(); });
      for (const GaitFrame& f : results[r].frames) out.unconverged += f.report.converged ? 0 : 1;
    }
    // a metric of a run read at a reference run's peak-PF instant
    auto metric = [&](const std::string& name, int run, int reference) {
      const Comparison c = compare_results({"reference", "run"}, {&results[reference], &results[run]});
      for (const ComparedMetric& cm : c.metrics)
        if (cm.name == name) return cm.value[1];
      throw std::logic_error("run_sample: no metric '" + name + "' in the comparison");
    };
    for (const SweepOutput& o : plan.outputs)
      out.metrics.push_back(metric(o.name, o.run, o.reference) -
                            (o.minus >= 0 ? metric(o.name, o.minus, o.minus_reference) : 0.0));
    for (std::size_t r = 0; r < plan.runs.size(); ++r) {
      if (!plan.runs[r].curves) continue;
      const Comparison c = compare_results({"run", "run"}, {&results[r], &results[r]});
      for (const auto& [channel, unit] : sweep_channels())
        for (const AlignedChannel& ch : c.channels)
          if (ch.name == channel) out.curves.insert(out.curves.end(), ch.curve[0].begin(), ch.curve[0].end());
    }
    if (out.curves.size() != plan.curve_values())
      throw std::logic_error("run_sample: a channel of the comparison is missing");
    out.ok = true;
  } catch (const Error& e) {
    if (stop) std::rethrow_exception(stop);
    out = SampleOutcome{};
    // one line, never empty: the journal and the gather carry it as a line, and the file must
    // hold the same text however the sample reached it
    out.error = e.what();
    for (char& c : out.error)
      if (c == '\n' || c == '\r') c = ' ';
    if (out.error.empty()) out.error = "an error without a message";
  } catch (...) {
    if (stop) std::rethrow_exception(stop);
    throw;
  }
  return out;
}

}  // namespace patella
