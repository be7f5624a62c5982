#include "sweep_pictures.hpp"

#include <algorithm>
#include <filesystem>

#include "viz_module.hpp"

namespace fs = std::filesystem;

namespace patella::cli {

namespace {
// "muscles.vaslat_r.strength_scale" -> "vaslat_r strength_scale": the rows must fit the chart
std::string short_key(const std::string& key) {
  std::string k = key;
  for (const char* prefix : {"muscles.", "knee.", "kinematics."})
    if (k.rfind(prefix, 0) == 0) k = k.substr(std::string(prefix).size());
  for (char& c : k)
    if (c == '.') c = ' ';
  return k;
}
}  // namespace

std::vector<std::string> draw_sweep_pictures(const SweepResults& r, const std::string& dir) {
  std::vector<std::string> written;
  const viz::ModuleApi& viz = viz_module();
  if (!r.bands.empty()) {
    const std::string control = r.bands.front().run.substr(r.bands.front().run.find(", ") + 2);
    std::vector<viz::Panel> panels;
    for (const auto& [channel, label] : std::vector<std::pair<std::string, std::string>>{
             {"lateral_shift", "lateral shift"}, {"lateral_tilt", "lateral tilt"},
             {"pf_contact_force", "PF contact force"}}) {
      viz::Panel p;
      p.x_label = "gait cycle (%)";
      for (const SweepBand& b : r.bands) {
        if (b.channel != channel || b.run.substr(b.run.find(", ") + 2) != control) continue;
        p.title = label + " (" + control + ")";
        p.y_label = label + " (" + b.unit + ")";
        viz::Series s;
        s.name = b.run.substr(0, b.run.find(", "));
        s.x = r.gait_percent;
        s.y = b.median;
        s.low = b.low;
        s.high = b.high;
        p.series.push_back(s);
      }
      if (!p.series.empty()) panels.push_back(p);
    }
    if (!panels.empty()) {
      panels.front().title = r.name + ": " + panels.front().title;
      const std::string png = (fs::path(dir) / (r.name + "_bands.png")).string();
      viz.plot_panels(png, panels, 1500, 450);
      written.push_back(png);
    }
  }
  std::vector<viz::Panel> tornado;
  std::vector<std::string> categories;
  for (const std::string& k : r.keys) categories.push_back(short_key(k));
  // claims in their file's order (a file read back lists its groups by name: 1, 10, 11, ...)
  std::vector<const SweepOutputStats*> order;
  for (const SweepOutputStats& o : r.outputs) order.push_back(&o);
  std::stable_sort(order.begin(), order.end(),
                   [](const SweepOutputStats* a, const SweepOutputStats* b) { return a->claim < b->claim; });
  for (const SweepOutputStats* op : order) {
    const SweepOutputStats& o = *op;
    if (o.total.empty() && o.mu_star.empty()) continue;
    // a scenario's changes (or its values without a baseline), a claim's compensated change
    const bool claim = o.claim >= 0;
    if (claim ? o.control != "compensated"
              : (o.run.rfind("change, ", 0) != 0 && std::any_of(r.outputs.begin(), r.outputs.end(), [](const SweepOutputStats& x) {
                   return x.run.rfind("change, ", 0) == 0;
                 })))
      continue;
    viz::Panel p;
    p.title = (claim ? "claim " + std::to_string(o.claim + 1) : o.run) + ": " + o.name;
    p.categories = categories;
    if (!o.total.empty()) {
      p.x_label = "Sobol' index (share of the variance)";
      p.series.push_back({"first-order", {}, o.first});
      p.series.push_back({"total", {}, o.total});
    } else {
      p.x_label = "Morris mu* (" + o.unit + " over the range)";
      p.series.push_back({"mu*", {}, o.mu_star});
    }
    tornado.push_back(p);
  }
  if (!tornado.empty()) {
    const std::string png = (fs::path(dir) / (r.name + "_tornado.png")).string();
    viz.plot_panels(png, tornado, 1800, 420);
    written.push_back(png);
  }
  return written;
}

}  // namespace patella::cli
