#include "patella/study/sweep_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/sample_quantile.hpp"
#include "patella/core/sobol_indices.hpp"
#include "patella/io/scenario.hpp"

namespace patella {

namespace {

std::string distribution_text(const SweepParameter& p) {
  const Distribution& d = p.distribution;
  const std::string u = p.unit == "1" ? "" : " " + p.unit;
  std::string t;
  switch (d.kind) {
    case Distribution::Kind::Uniform: return "uniform [" + fmt(d.a) + ", " + fmt(d.b) + "]" + u;
    case Distribution::Kind::Normal: t = "normal, mean " + fmt(d.a) + u + ", sd " + fmt(d.b) + u; break;
    case Distribution::Kind::LogNormal: t = "lognormal, median " + fmt(d.a) + u + ", log-sd " + fmt(d.b); break;
  }
  return t + ", truncated to [" + fmt(d.low) + ", " + fmt(d.high) + "]" + u;
}

void quantiles(SweepOutputStats& o) {
  std::vector<double> finite;
  for (double v : o.value)
    if (std::isfinite(v)) finite.push_back(v);
  o.used = finite.size();
  if (finite.empty()) {
    o.low = o.median = o.high = NAN;
    return;
  }
  o.low = sample_quantile(finite, 0.05);
  o.median = sample_quantile(finite, 0.5);
  o.high = sample_quantile(finite, 0.95);
}

void sobol(SweepOutputStats& o, const SweepPlan& plan) {
  const std::size_t N = plan.samples.base;
  const int k = plan.samples.k;
  std::vector<std::size_t> rows;  // base rows whose every block ran
  for (std::size_t j = 0; j < N; ++j) {
    bool ok = true;
    for (int b = 0; b < k + 2 && ok; ++b) ok = std::isfinite(o.value[b * N + j]);
    if (ok) rows.push_back(j);
  }
  if (rows.size() < 2) return;
  std::vector<double> f;
  for (int b = 0; b < k + 2; ++b)
    for (std::size_t j : rows) f.push_back(o.value[b * N + j]);
  double lo = f[0], hi = f[0];
  for (double v : f) lo = std::min(lo, v), hi = std::max(hi, v);
  if (hi == lo) return;  // a constant output has no variance to apportion
  const SobolIndices s = sobol_indices(f, rows.size(), k, plan.spec.bootstrap, plan.spec.seed);
  o.sobol_rows = rows.size();
  o.first = s.first;
  o.total = s.total;
  o.first_low = s.first_low;
  o.first_high = s.first_high;
  o.total_low = s.total_low;
  o.total_high = s.total_high;
  if (o.first_low.empty()) {  // no bootstrap: the intervals are the estimates
    o.first_low = o.first_high = o.first;
    o.total_low = o.total_high = o.total;
  }
}

void morris(SweepOutputStats& o, const SweepPlan& plan) {
  const MorrisDesign& d = plan.samples.morris;
  const int k = d.parameters;
  MorrisDesign kept = d;
  kept.trajectories = 0;
  kept.points.clear();
  kept.moved.clear();
  kept.step.clear();
  std::vector<double> f;
  for (int t = 0; t < d.trajectories; ++t) {
    bool ok = true;
    for (int s = 0; s <= k && ok; ++s) ok = std::isfinite(o.value[t * (k + 1) + s]);
    if (!ok) continue;
    ++kept.trajectories;
    for (int s = 0; s <= k; ++s) {
      f.push_back(o.value[t * (k + 1) + s]);
      for (int j = 0; j < k; ++j) kept.points.push_back(d.points[(t * (k + 1) + s) * k + j]);
    }
    for (int s = 0; s < k; ++s) {
      kept.moved.push_back(d.moved[t * k + s]);
      kept.step.push_back(d.step[t * k + s]);
    }
  }
  if (kept.trajectories == 0) return;
  const MorrisEffects e = morris_effects(kept, f);
  o.mu = e.mu;
  o.mu_star = e.mu_star;
  o.sigma = e.sigma;
  o.morris_trajectories = static_cast<std::size_t>(kept.trajectories);
}

}  // namespace

SweepResults analyse_sweep(const SweepPlan& plan, const std::vector<SampleOutcome>& outcomes,
                           const std::string& version) {
  const SweepSpec& spec = plan.spec;
  const std::size_t n = plan.samples.n;
  if (outcomes.size() != n) throw std::logic_error("analyse_sweep: one outcome per sample");
  SweepResults r;
  r.name = spec.name;
  r.description = spec.description;
  r.design = design_name(spec.design);
  r.seed = spec.seed;
  r.base_samples = spec.samples;
  r.levels = spec.levels;
  r.bootstrap = spec.design == SweepDesign::Sobol ? spec.bootstrap : 0;
  r.version = version;
  FileBytes b;
  if (try_read_file(spec.file, b)) r.sweep_yaml = std::string(b.view());
  for (const SweepParameter& p : spec.parameters) {
    r.keys.push_back(p.key);
    r.units.push_back(p.unit);
    r.distributions.push_back(distribution_text(p));
    r.sources.push_back(p.source);
    r.combine.push_back(p.combine == SweepParameter::Combine::Multiply ? "multiply"
                        : p.combine == SweepParameter::Combine::Add    ? "add"
                                                                       : "replace");
  }
  for (const SweepRun& run : plan.runs) {
    r.runs.push_back(run.label);
    r.run_files.push_back(run.file);
    r.run_controls.push_back(run.control);
    r.run_yaml.push_back(resolved_scenario_yaml(run.scenario));
  }
  for (const Claim& c : plan.claims) {
    r.claim_text.push_back(c.text);
    r.claim_scenario.push_back(c.scenario);
    r.claim_baseline.push_back(c.baseline);
    r.claim_metric.push_back(c.metric);
    r.claim_expected.push_back(c.expected);
  }
  r.samples = n;
  r.u = plan.samples.u;
  r.values = plan.samples.value;
  for (const SampleOutcome& o : outcomes) {
    r.failed.push_back(o.ok ? 0 : 1);
    r.errors.push_back(o.ok ? "" : o.error);
    r.unconverged.push_back(o.unconverged);
  }
  for (int p = 0; p < kSweepCurvePoints; ++p) r.gait_percent.push_back(p);

  for (std::size_t j = 0; j < plan.outputs.size(); ++j) {
    const SweepOutput& out = plan.outputs[j];
    SweepOutputStats o;
    o.name = out.name;
    o.unit = out.unit;
    o.run = out.group;
    o.control = out.control;
    const std::string prefix = "claim ";
    if (!plan.claims.empty() && out.group.rfind(prefix, 0) == 0)
      o.claim = std::stoi(out.group.substr(prefix.size())) - 1;
    for (std::size_t s = 0; s < n; ++s) o.value.push_back(outcomes[s].ok ? outcomes[s].metrics[j] : NAN);
    quantiles(o);
    if (spec.design == SweepDesign::Sobol) sobol(o, plan);
    if (spec.design == SweepDesign::Morris) morris(o, plan);
    r.outputs.push_back(o);
  }

  const std::size_t C = sweep_channels().size();
  std::size_t at = 0;  // where the run's curves start in a sample's
  for (const SweepRun& run : plan.runs) {
    if (!run.curves) continue;
    for (std::size_t c = 0; c < C; ++c, at += kSweepCurvePoints) {
      SweepBand band;
      band.run = run.label;
      band.channel = sweep_channels()[c].first;
      band.unit = sweep_channels()[c].second;
      std::vector<std::vector<double>> ran;
      for (std::size_t s = 0; s < n; ++s) {
        std::vector<double> curve(kSweepCurvePoints, NAN);
        if (outcomes[s].ok)
          std::copy(outcomes[s].curves.begin() + at, outcomes[s].curves.begin() + at + kSweepCurvePoints, curve.begin());
        bool finite = outcomes[s].ok;
        for (double v : curve) finite = finite && std::isfinite(v);
        if (finite) ran.push_back(curve);
        band.curves.insert(band.curves.end(), curve.begin(), curve.end());
      }
      if (!ran.empty()) {
        const Band q = sample_band(ran, 0.05, 0.95);
        band.low = q.low;
        band.median = q.median;
        band.high = q.high;
      } else {
        band.low = band.median = band.high = std::vector<double>(kSweepCurvePoints, NAN);
      }
      r.bands.push_back(band);
    }
  }
  return r;
}

std::string format_sweep_summary(const SweepResults& r) {
  std::string out;
  char buf[512];
  std::size_t failed = 0, flagged = 0;
  for (int f : r.failed) failed += f;
  for (int u : r.unconverged) flagged += u > 0;
  std::snprintf(buf, sizeof buf,
                "sweep %s: %s design, %zu samples (%zu failed, %zu with frames whose equilibrium did not "
                "converge), %zu parameters\n",
                r.name.c_str(), r.design.c_str(), r.samples, failed, flagged, r.keys.size());
  out += buf;
  std::snprintf(buf, sizeof buf, "%-24s %-38s %-5s %11s %23s  %s\n", "run", "metric", "unit", "median",
                "5-95 %", r.design == "sobol" ? "drivers (total Sobol' index)"
                          : r.design == "morris" ? "drivers (Morris mu*, per range)" : "");
  out += buf;
  for (const SweepOutputStats& o : r.outputs) {
    std::string drivers;
    const std::vector<double>& by = !o.total.empty() ? o.total : o.mu_star;
    if (!by.empty()) {
      std::vector<std::size_t> order(by.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return by[a] > by[b]; });
      for (std::size_t i = 0; i < std::min<std::size_t>(3, order.size()); ++i) {
        char d[160];
        std::snprintf(d, sizeof d, "%s%s %.3g", i ? ", " : "", r.keys[order[i]].c_str(), by[order[i]]);
        drivers += d;
      }
    }
    char range[64];
    std::snprintf(range, sizeof range, "[%.4g, %.4g]", o.low, o.high);
    std::snprintf(buf, sizeof buf, "%-24s %-38s %-5s %11.4g %23s  %s\n", o.run.c_str(), o.name.c_str(),
                  o.unit.c_str(), o.median, range, drivers.c_str());
    out += buf;
  }
  return out;
}

}  // namespace patella
