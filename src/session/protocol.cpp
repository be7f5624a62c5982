#include "patella/session/protocol.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace patella {

ColumnTable protocol_table(const Scenario& s, double step_min) {
  ColumnTable t;
  if (s.protocol.days == 0) return t;
  const std::vector<double> starts = session_times(s.protocol);
  std::vector<double> times;
  const double end = starts.back() + 1440.0;
  for (double x = 0.0; x <= end + 1e-9; x += step_min) times.push_back(x);
  std::vector<std::vector<double>> ends(s.interventions.size());
  for (std::size_t i = 0; i < s.interventions.size(); ++i)
    for (double st : starts) {
      ends[i].push_back(st + s.interventions[i].duration / 60.0);
      times.push_back(ends[i].back());
    }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end(),
                          [](double a, double b) { return std::abs(a - b) < 1e-9; }),
              times.end());
  auto add = [&](const std::string& name, const std::string& unit, const std::string& what,
                 std::vector<double> col) {
    t.names.push_back(name);
    t.units.push_back(unit);
    t.descriptions.push_back(what);
    t.frames.push_back("");
    t.columns.push_back(std::move(col));
  };
  std::vector<double> hours, day;
  for (double x : times) {
    hours.push_back(x / 60.0);
    day.push_back(std::floor(x / 1440.0) + 1.0);
  }
  add("time_h", "h", "time since the first session's start", hours);
  add("day", "1", "day of the protocol (1 = the first)", day);
  std::map<std::string, std::vector<double>> left;  // band fraction per muscle [-]
  for (std::size_t i = 0; i < s.interventions.size(); ++i) {
    const Scenario::Intervention& x = s.interventions[i];
    std::vector<double> r;
    for (double tm : times) {
      double v = release_over_protocol(x.tool, ends[i], tm);
      if (!std::isnan(x.requested_release)) {
        if (x.hypothetical) v = tm + 1e-9 >= ends[i].front() ? x.requested_release : 0.0;  // held
        else v = std::min(v, x.requested_release);  // a smaller release than the bound
      }
      r.push_back(v);
    }
    auto it = s.muscle_edits.find(x.muscle);
    const double f0 = it == s.muscle_edits.end() ? 0.0 : it->second.taut_band.fraction *
                                                             (1.0 - it->second.release);
    auto& l = left.try_emplace(x.muscle, std::vector<double>(times.size(), f0)).first->second;
    for (std::size_t k = 0; k < times.size(); ++k) l[k] *= 1.0 - r[k];
    for (double& v : r) v *= 100.0;
    std::string name = "release_" + x.tool + "_" + x.muscle + "_pct";
    for (int dup = 2; std::find(t.names.begin(), t.names.end(), name) != t.names.end(); ++dup)
      name = "release_" + x.tool + "_" + x.muscle + "_" + std::to_string(dup) + "_pct";
    add(name, "%",
        x.tool + " on " + x.muscle + ": release of the taut band (" + x.basis + ")", r);
  }
  for (auto& [muscle, l] : left) {
    for (double& v : l) v *= 100.0;
    add("band_fraction_" + muscle + "_pct", "%",
        muscle + ": share of the fibres in the taut band after the releases", l);
  }
  return t;
}

}  // namespace patella
