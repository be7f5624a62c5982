#include "patella/study/claim_bands.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "patella/gait/compare.hpp"

namespace patella {

const SweepOutputStats* claim_band(const SweepResults& sweep, const Claim& claim, const std::string& control) {
  const std::size_t n = sweep.claim_text.size();
  if (sweep.claim_metric.size() != n || sweep.claim_scenario.size() != n || sweep.claim_baseline.size() != n)
    return nullptr;  // a damaged file: no claim can be matched whole
  for (std::size_t i = 0; i < n; ++i) {
    if (sweep.claim_text[i] != claim.text || sweep.claim_metric[i] != claim.metric ||
        sweep.claim_scenario[i] != claim.scenario || sweep.claim_baseline[i] != claim.baseline)
      continue;
    for (const SweepOutputStats& o : sweep.outputs)
      if (o.claim == static_cast<int>(i) && o.control == control) return &o;
  }
  return nullptr;
}

std::string band_verdict(double baseline, double low, double high, const std::string& unit,
                         const std::string& expected) {
  if (!std::isfinite(low) || !std::isfinite(high)) return "not defined";
  const SmallestChange th = smallest_change(unit);
  const double matters = th.relative ? th.value * std::abs(baseline) : th.value;
  const bool up = expected == "increase";
  if (low > matters) return up ? "supported" : "contradicted";
  if (high < -matters) return up ? "contradicted" : "supported";
  if (low >= -matters && high <= matters) return "too small to matter";
  return "uncertain";
}

std::string driver_text(const SweepResults& sweep, const SweepOutputStats& o, int top) {
  const bool sobol = !o.total.empty();
  const std::vector<double>& by = sobol ? o.total : o.mu_star;
  if (by.empty() || by.size() != sweep.keys.size()) return "";
  if (sobol && (o.total_low.size() != by.size() || o.total_high.size() != by.size())) return "";
  std::vector<std::size_t> order(by.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return by[a] > by[b]; });
  std::string out;
  for (int i = 0; i < std::min<int>(top, static_cast<int>(order.size())); ++i) {
    const std::size_t j = order[i];
    char buf[256];
    if (sobol)
      std::snprintf(buf, sizeof buf, "%s`%s` %.2f [%.2f, %.2f]", i ? "; " : "", sweep.keys[j].c_str(), by[j],
                    o.total_low[j], o.total_high[j]);
    else
      std::snprintf(buf, sizeof buf, "%s`%s` %.3g %s", i ? "; " : "", sweep.keys[j].c_str(), by[j], o.unit.c_str());
    out += buf;
  }
  return out;
}

}  // namespace patella
