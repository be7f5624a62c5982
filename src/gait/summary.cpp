#include "patella/gait/summary.hpp"

#include <cmath>
#include <cstdio>
#include <functional>

#include "patella/core/conventions.hpp"
#include "patella/gait/actuation.hpp"
#include "patella/gait/compare.hpp"

namespace patella {

std::vector<CycleSummary> summarize_gait(const GaitResult& res) {
  std::vector<CycleSummary> out;
  const double bw = res.body_mass * 9.80665;
  int cycles = 0;
  for (const GaitFrame& f : res.frames) cycles = std::max(cycles, f.cycle + 1);
  struct Channel {
    const char* name;
    const char* unit;
    std::function<double(const GaitFrame&)> get;
  };
  const std::vector<Channel> channels{
      {"knee flexion", "deg", [](const GaitFrame& f) { return rad_to_deg(f.q[kKneeFlex]); }},
      {"lateral shift (pf_tz)", "mm", [](const GaitFrame& f) { return f.pf[kPfTz] * 1e3; }},
      {"lateral tilt", "deg",
       [](const GaitFrame& f) { return rad_to_deg(lateral_tilt_from_pf(f.pf.data())); }},
      {"PF contact force", "BW", [bw](const GaitFrame& f) { return f.contact.force.norm() / bw; }},
      {"contact area", "mm2", [](const GaitFrame& f) { return f.contact.area * 1e6; }},
      {"mean pressure", "MPa", [](const GaitFrame& f) { return f.contact.mean_pressure * 1e-6; }},
      {"peak pressure", "MPa", [](const GaitFrame& f) { return f.contact.peak_pressure * 1e-6; }},
      {"lateral facet share", "1", [](const GaitFrame& f) { return f.contact.lateral_fraction; }},
      {"ITB tension", "N", [](const GaitFrame& f) { return f.itb_tension; }},
  };
  for (int c = 0; c < cycles; ++c) {
    CycleSummary s;
    s.cycle = c;
    std::vector<const GaitFrame*> fr;
    for (const GaitFrame& f : res.frames)
      if (f.cycle == c) fr.push_back(&f);
    if (fr.empty()) continue;
    for (const Channel& ch : channels) {
      SummaryLine l{ch.name, ch.unit};
      l.peak = -1e300;
      l.min = 1e300;
      // trapezoidal mean over the cycle
      double area = 0.0, span = 0.0;
      for (std::size_t k = 0; k < fr.size(); ++k) {
        const double v = ch.get(*fr[k]);
        if (v > l.peak) { l.peak = v; l.peak_percent = fr[k]->gait_percent; }
        if (v < l.min) { l.min = v; l.min_percent = fr[k]->gait_percent; }
        if (k > 0) {
          const double dt = fr[k]->gait_percent - fr[k - 1]->gait_percent;
          area += 0.5 * (v + ch.get(*fr[k - 1])) * dt;
          span += dt;
        }
      }
      l.mean = span > 0 ? area / span : l.peak;
      s.lines.push_back(l);
    }
    double peak = -1;
    for (const GaitFrame* f : fr) {
      const double F = f->contact.force.norm() / bw;
      if (F > peak) {
        peak = F;
        s.knee_flexion_at_peak_force_deg = rad_to_deg(f->q[kKneeFlex]);
      }
      for (int j = 0; j < 5; ++j) {
        s.max_abs_reserve[j] = std::max(s.max_abs_reserve[j], std::abs(f->reserve[j]));
        s.max_abs_id[j] = std::max(s.max_abs_id[j], std::abs(f->tau_id[j]));
      }
      s.unconverged += !f->report.converged;
    }
    s.peak_force_bw = peak;
    out.push_back(s);
  }
  return out;
}

std::string format_summary(const std::vector<CycleSummary>& sums, const GaitResult& res) {
  std::string out;
  char buf[256];
  for (const CycleSummary& s : sums) {
    std::snprintf(buf, sizeof buf, "cycle %d (stance %.1f %% of the cycle)\n", s.cycle + 1,
                  res.stance_percent);
    out += buf;
    std::snprintf(buf, sizeof buf, "  %-24s %-5s %10s %7s %10s %7s %10s\n", "channel", "unit",
                  "peak", "at %", "min", "at %", "mean");
    out += buf;
    for (const SummaryLine& l : s.lines) {
      std::snprintf(buf, sizeof buf, "  %-24s %-5s %10.3f %7.1f %10.3f %7.1f %10.3f\n",
                    l.channel.c_str(), l.unit.c_str(), l.peak, l.peak_percent, l.min,
                    l.min_percent, l.mean);
      out += buf;
    }
    std::snprintf(buf, sizeof buf, "  peak PF contact force %.2f BW at knee flexion %.1f deg\n",
                  s.peak_force_bw, s.knee_flexion_at_peak_force_deg);
    out += buf;
    const std::vector<ActuationCheck> checks = check_actuation(res);
    for (const ActuationCheck& c : checks)
      if (c.cycle == s.cycle) out += format_actuation(c, res);
    if (s.unconverged) {
      std::snprintf(buf, sizeof buf, "  %d frames did not converge (column 'converged')\n",
                    s.unconverged);
      out += buf;
    }
  }
  // where a runner's question is: the loaded knee (PHYSICS.md 8), last cycle
  const std::vector<ComparedMetric> q = question_metrics(res);
  if (!q.empty()) {
    const auto peak = metric_window(res, "lateral shift at peak PF");
    const auto loading = metric_window(res, "lateral shift loading response mean");
    const auto stance = metric_window(res, "lateral shift stance mean");
    std::snprintf(buf, sizeof buf,
                  "  where the question is (last cycle): peak PF force at %.1f %%, loading response "
                  "%.1f-%.1f %%, stance %.1f-%.1f %%\n",
                  peak.first, loading.first, loading.second, stance.first, stance.second);
    out += buf;
    for (const ComparedMetric& m : q) {
      std::snprintf(buf, sizeof buf, "    %-40s %-4s %10.3f\n", m.name.c_str(), m.unit.c_str(), m.value[0]);
      out += buf;
    }
  }
  return out;
}

}  // namespace patella
