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
// summary metrics: peak and mean of the last cycle
struct Pick { const char* summary; const char* name; const char* unit; bool peak; };
const std::vector<Pick>& picks() {
  static const std::vector<Pick> p{
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
  return p;
}

// The windows where the runner's question is (PHYSICS.md 8, "measure where the question is"):
// the frame of peak PF force, loading response (foot strike to the stance peak of knee flexion)
// and stance (foot strike to toe-off), over the last cycle's frames.
struct Windows {
  const GaitFrame* peak = nullptr;
  std::vector<const GaitFrame*> loading, stance;
};
Windows windows_of(const std::vector<const GaitFrame*>& fr, double stance_percent,
                   double peak_percent = -1.0) {
  Windows w;
  for (const GaitFrame* f : fr) {
    if (peak_percent < 0.0) {
      if (!w.peak || f->contact.force.norm() > w.peak->contact.force.norm()) w.peak = f;
    } else if (!w.peak || std::abs(f->gait_percent - peak_percent) < std::abs(w.peak->gait_percent - peak_percent)) {
      w.peak = f;
    }
    if (f->gait_percent <= stance_percent + 1e-9) w.stance.push_back(f);
  }
  if (w.stance.empty() && !fr.empty()) w.stance.push_back(fr.front());
  std::size_t flex_peak = 0;
  for (std::size_t k = 0; k < w.stance.size(); ++k)
    if (w.stance[k]->q[kKneeFlex] > w.stance[flex_peak]->q[kKneeFlex]) flex_peak = k;
  w.loading.assign(w.stance.begin(), w.stance.begin() + static_cast<std::ptrdiff_t>(flex_peak) + 1);
  return w;
}
double mean_of(const std::vector<const GaitFrame*>& fr, const std::function<double(const GaitFrame&)>& g) {
  double s = 0.0;
  for (const GaitFrame* f : fr) s += g(*f);
  return fr.empty() ? NAN : s / static_cast<double>(fr.size());
}

// values where the question is: at the peak-PF-force frame, over loading response, over stance
struct Windowed {
  const char* name;
  const char* unit;
  int window;  // 0 peak frame, 1 loading response mean, 2 stance mean
  std::function<double(const GaitFrame&, double bw)> get;
};
const std::vector<Windowed>& windowed_metrics() {
  static const auto shift = [](const GaitFrame& f, double) { return f.pf[kPfTz] * 1e3; };
  static const auto tilt = [](const GaitFrame& f, double) { return rad_to_deg(lateral_tilt_from_pf(f.pf.data())); };
  static const auto force = [](const GaitFrame& f, double bw) { return f.contact.force.norm() / bw; };
  static const auto lateral_facet = [](const GaitFrame& f, double) { return f.contact.lateral_force.norm(); };
  // as imaging measures them (mechanics/clinical_alignment.hpp); defined in stance, where the
  // patella rides the trochlea
  static const auto clinical_shift = [](const GaitFrame& f, double) { return f.clinical_shift * 1e3; };
  static const auto clinical_tilt = [](const GaitFrame& f, double) { return rad_to_deg(f.clinical_tilt); };
  static const std::vector<Windowed> w{
      {"lateral shift at peak PF", "mm", 0, shift},
      {"lateral shift loading response mean", "mm", 1, shift},
      {"lateral shift stance mean", "mm", 2, shift},
      {"lateral tilt at peak PF", "deg", 0, tilt},
      {"lateral tilt loading response mean", "deg", 1, tilt},
      {"lateral tilt stance mean", "deg", 2, tilt},
      {"PF contact force loading response mean", "BW", 1, force},
      {"PF contact force stance mean", "BW", 2, force},
      {"lateral facet force at peak PF", "N", 0, lateral_facet},
      {"lateral facet force stance mean", "N", 2, lateral_facet},
      {"clinical lateral shift at peak PF", "mm", 0, clinical_shift},
      {"clinical lateral shift stance mean", "mm", 2, clinical_shift},
      {"clinical lateral tilt at peak PF", "deg", 0, clinical_tilt},
      {"clinical lateral tilt stance mean", "deg", 2, clinical_tilt},
  };
  return w;
}

}  // namespace

bool change_in_percent(const std::string& unit) { return unit != "mm" && unit != "deg"; }

SmallestChange smallest_change(const std::string& unit) {
  if (unit == "mm") return {std::max(0.25 * 2.3, 0.37), false};
  if (unit == "deg") return {std::max(0.25 * 3.4, 1.15), false};
  return {0.25 * 1.5 / 4.5, true};
}

namespace {
std::vector<const GaitFrame*> last_cycle(const GaitResult& r) {
  std::vector<const GaitFrame*> fr;
  if (r.frames.empty()) return fr;
  const int cycle = r.frames.back().cycle;
  for (const GaitFrame& f : r.frames)
    if (f.cycle == cycle) fr.push_back(&f);
  return fr;
}
}  // namespace

double peak_pf_percent(const GaitResult& r) {
  const std::vector<const GaitFrame*> fr = last_cycle(r);
  if (fr.empty()) throw SimulationError("a run without frames has no peak PF force");
  return windows_of(fr, r.stance_percent).peak->gait_percent;
}

std::vector<ComparedMetric> question_metrics(const GaitResult& r, double peak_percent) {
  std::vector<ComparedMetric> out;
  if (r.frames.empty()) return out;
  const std::vector<const GaitFrame*> fr = last_cycle(r);
  const double bw = r.body_mass * 9.80665;
  const Windows win = windows_of(fr, r.stance_percent, peak_percent);
  for (const Windowed& w : windowed_metrics()) {
    const auto g = [&](const GaitFrame& f) { return w.get(f, bw); };
    const double v = w.window == 0   ? g(*win.peak)
                     : w.window == 1 ? mean_of(win.loading, g)
                                     : mean_of(win.stance, g);
    out.push_back({w.name, w.unit, {v}});
  }
  return out;
}

std::pair<double, double> metric_window(const GaitResult& r, const std::string& metric,
                                        double peak_percent) {
  for (const Windowed& w : windowed_metrics()) {
    if (metric != w.name) continue;
    if (r.frames.empty()) break;
    const Windows win = windows_of(last_cycle(r), r.stance_percent, peak_percent);
    if (w.window == 0) return {win.peak->gait_percent, win.peak->gait_percent};
    const std::vector<const GaitFrame*>& span = w.window == 1 ? win.loading : win.stance;
    return {span.front()->gait_percent, span.back()->gait_percent};
  }
  // a whole-cycle peak looks at the frame where it falls; a mean at the whole cycle
  for (const Pick& p : picks()) {
    if (metric != p.name || !p.peak || r.frames.empty()) continue;
    const std::vector<CycleSummary> sums = summarize_gait(r);  // kept: the lines live in it
    for (const SummaryLine& l : sums.back().lines)
      if (l.channel == p.summary) return {l.peak_percent, l.peak_percent};
  }
  return {0.0, 100.0};
}

std::vector<std::pair<std::string, std::string>> comparison_metrics() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Pick& p : picks()) out.emplace_back(p.name, p.unit);
  for (const Windowed& w : windowed_metrics()) out.emplace_back(w.name, w.unit);
  return out;
}

Comparison compare_results(const std::vector<std::string>& names,
                           const std::vector<const GaitResult*>& results) {
  if (results.size() < 2 || names.size() != results.size())
    throw SimulationError("a comparison needs two or more scenarios");
  Comparison c;
  c.scenarios = names;
  for (int p = 0; p <= 100; ++p) c.gait_percent.push_back(p);
  for (const Channel& ch : channels()) c.channels.push_back({ch.name, ch.unit, {}});
  for (const Pick& p : picks()) c.metrics.push_back({p.name, p.unit, {}});
  const std::vector<Windowed>& windowed = windowed_metrics();
  for (const Windowed& w : windowed) c.metrics.push_back({w.name, w.unit, {}});
  for (std::size_t s = 0; s < results.size(); ++s)
    if (results[s]->frames.empty()) throw SimulationError("scenario '" + names[s] + "' has no frames");
  const double reference_peak = peak_pf_percent(*results[0]);
  for (std::size_t s = 0; s < results.size(); ++s) {
    const GaitResult& r = *results[s];
    if (r.frames.empty()) throw SimulationError("scenario '" + names[s] + "' has no frames");
    c.actuation_flags.push_back(s == 0 ? std::vector<std::string>{}
                                       : actuation_flags(*results[0], r));
    const std::vector<CycleSummary> sums = summarize_gait(r);
    const CycleSummary& last = sums.back();
    for (std::size_t m = 0; m < picks().size(); ++m) {
      double v = NAN;
      for (const SummaryLine& l : last.lines)
        if (l.channel == picks()[m].summary) v = picks()[m].peak ? l.peak : l.mean;
      c.metrics[m].value.push_back(v);
    }
    // the last cycle's frames, resampled by gait percent
    std::vector<const GaitFrame*> fr;
    for (const GaitFrame& f : r.frames)
      if (f.cycle == last.cycle) fr.push_back(&f);
    const double bw = r.body_mass * 9.80665;
    // every run read at the first's peak instant (question_metrics)
    const std::vector<ComparedMetric> q = question_metrics(r, reference_peak);
    for (std::size_t m = 0; m < windowed.size(); ++m) c.metrics[picks().size() + m].value.push_back(q[m].value[0]);
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
  std::snprintf(buf, sizeof buf, "%-38s %-4s %12s", "metric", "unit", c.scenarios[0].substr(0, 12).c_str());
  out += buf;
  for (std::size_t s = 1; s < c.scenarios.size(); ++s) {
    std::snprintf(buf, sizeof buf, " %12s %9s %8s", c.scenarios[s].substr(0, 12).c_str(), "change", "%");
    out += buf;
  }
  out += "\n";
  for (const ComparedMetric& m : c.metrics) {
    std::snprintf(buf, sizeof buf, "%-38s %-4s %12.4g", m.name.c_str(), m.unit.c_str(), m.value[0]);
    out += buf;
    for (std::size_t s = 1; s < m.value.size(); ++s) {
      const double d = m.value[s] - m.value[0];
      if (change_in_percent(m.unit) && m.value[0] != 0.0)
        std::snprintf(buf, sizeof buf, " %12.4g %+9.4g %+7.1f%%", m.value[s], d, 100.0 * d / std::abs(m.value[0]));
      else  // positions and angles: their change in mm and degrees, never in percent
        std::snprintf(buf, sizeof buf, " %12.4g %+9.4g %8s", m.value[s], d, "");
      out += buf;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();  // a blank last percent column
    out += "\n";
  }
  for (std::size_t s = 1; s < c.actuation_flags.size(); ++s)
    for (const std::string& f : c.actuation_flags[s])
      out += "  flag, " + c.scenarios[s] + ": " + f + "\n";
  return out;
}

}  // namespace patella
