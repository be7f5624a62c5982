#include "patella/gait/compare.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <cstdio>
#include <functional>

#include "patella/core/conventions.hpp"
#include "patella/core/error.hpp"
#include "patella/gait/actuation.hpp"

namespace patella {

namespace {
struct Channel {
  const char* name;
  const char* unit;
  std::function<double(const GaitFrame&, double bw)> get;
};
const std::vector<Channel>& channels() {
  static const std::vector<Channel> c{
      {"lateral_shift", "mm", [](const GaitFrame& f, double) { return f.pf[kPfTz] * 1e3; }},
      {"lateral_tilt", "deg",
       [](const GaitFrame& f, double) { return rad_to_deg(lateral_tilt_from_pf(f.pf.data())); }},
      {"pf_contact_force", "BW", [](const GaitFrame& f, double bw) { return f.contact.force.norm() / bw; }},
      {"mean_pressure", "MPa", [](const GaitFrame& f, double) { return f.contact.mean_pressure * 1e-6; }},
      {"peak_pressure", "MPa", [](const GaitFrame& f, double) { return f.contact.peak_pressure * 1e-6; }},
      {"lateral_facet_fraction", "1", [](const GaitFrame& f, double) { return f.contact.lateral_fraction; }},
      {"itb_tension", "N", [](const GaitFrame& f, double) { return f.itb_tension; }},
      {"knee_flexion", "deg", [](const GaitFrame& f, double) { return rad_to_deg(f.q[kKneeFlex]); }},
  };
  return c;
}
}  // namespace

Comparison compare_results(const std::vector<std::string>& names,
                           const std::vector<const GaitResult*>& results) {
  if (results.size() < 2 || names.size() != results.size())
    throw SimulationError("a comparison needs two or more scenarios");
  Comparison c;
  c.scenarios = names;
  for (int p = 0; p <= 100; ++p) c.gait_percent.push_back(p);
  for (const Channel& ch : channels()) c.channels.push_back({ch.name, ch.unit, {}});
  // summary metrics: peak and mean of the last cycle
  struct Pick { const char* summary; const char* name; const char* unit; bool peak; };
  const Pick picks[] = {
      {"lateral shift (pf_tz)", "peak lateral shift", "mm", true},
      {"lateral shift (pf_tz)", "mean lateral shift", "mm", false},
      {"lateral tilt", "peak lateral tilt", "deg", true},
      {"lateral tilt", "mean lateral tilt", "deg", false},
      {"PF contact force", "peak PF contact force", "BW", true},
      {"PF contact force", "mean PF contact force", "BW", false},
      {"peak pressure", "peak pressure", "MPa", true},
      {"mean pressure", "mean pressure (cycle mean)", "MPa", false},
      {"lateral facet share", "mean lateral facet share", "1", false},
      {"ITB tension", "peak ITB tension", "N", true},
  };
  for (const Pick& p : picks) c.metrics.push_back({p.name, p.unit, {}});
  for (std::size_t s = 0; s < results.size(); ++s) {
    const GaitResult& r = *results[s];
    if (r.frames.empty()) throw SimulationError("scenario '" + names[s] + "' has no frames");
    c.actuation_flags.push_back(s == 0 ? std::vector<std::string>{}
                                       : actuation_flags(*results[0], r));
    const std::vector<CycleSummary> sums = summarize_gait(r);
    const CycleSummary& last = sums.back();
    for (std::size_t m = 0; m < std::size(picks); ++m) {
      double v = NAN;
      for (const SummaryLine& l : last.lines)
        if (l.channel == picks[m].summary) v = picks[m].peak ? l.peak : l.mean;
      c.metrics[m].value.push_back(v);
    }
    // the last cycle's frames, resampled by gait percent
    std::vector<const GaitFrame*> fr;
    for (const GaitFrame& f : r.frames)
      if (f.cycle == last.cycle) fr.push_back(&f);
    const double bw = r.body_mass * 9.80665;
    for (std::size_t k = 0; k < channels().size(); ++k) {
      std::vector<double> curve;
      std::size_t j = 1;
      for (double p : c.gait_percent) {
        while (j + 1 < fr.size() && fr[j]->gait_percent < p) ++j;
        const GaitFrame& a = *fr[j - 1];
        const GaitFrame& b = *fr[std::min(j, fr.size() - 1)];
        const double span = b.gait_percent - a.gait_percent;
        const double w = span > 0 ? std::clamp((p - a.gait_percent) / span, 0.0, 1.0) : 0.0;
        curve.push_back((1 - w) * channels()[k].get(a, bw) + w * channels()[k].get(b, bw));
      }
      c.channels[k].curve.push_back(curve);
    }
  }
  return c;
}

std::string format_comparison(const Comparison& c) {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-28s %-4s %12s", "metric", "unit", c.scenarios[0].substr(0, 12).c_str());
  out += buf;
  for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
    std::snprintf(buf, sizeof buf, " %12s %9s %8s", c.scenarios[s].substr(0, 12).c_str(), "change", "%");
    out += buf;
  }
  out += "\n";
  for (const ComparedMetric& m : c.metrics) {
    std::snprintf(buf, sizeof buf, "%-28s %-4s %12.4g", m.name.c_str(), m.unit.c_str(), m.value[0]);
    out += buf;
    for (std::size_t s = 1; s < m.value.size(); ++s) {
      const double d = m.value[s] - m.value[0];
      const double pct = m.value[0] != 0.0 ? 100.0 * d / std::abs(m.value[0]) : NAN;
      std::snprintf(buf, sizeof buf, " %12.4g %+9.4g %+7.1f%%", m.value[s], d, pct);
      out += buf;
    }
    out += "\n";
  }
  for (std::size_t s = 1; s < c.actuation_flags.size(); ++s)
    for (const std::string& f : c.actuation_flags[s])
      out += "  flag, " + c.scenarios[s] + ": " + f + "\n";
  return out;
}

}  // namespace patella
