#pragma once
// Drawing a report's figures (validation::Figure, computed by the library) with VTK: shared by
// patella validate and patella verify.
#ifdef PATELLA_HAVE_VIZ
#include <string>
#include <vector>

#include "patella/validation/figure.hpp"
#include "patella/viz/plots.hpp"

namespace patella::cli {

inline void draw_figure(const validation::Figure& figure, const std::string& dir) {
  std::vector<viz::Panel> panels;
  for (const validation::Panel& p : figure.panels) {
    viz::Panel v{p.title, p.x_label, p.y_label, {}};
    for (const validation::Series& s : p.series) v.series.push_back({s.name, s.x, s.y, s.points_only});
    panels.push_back(std::move(v));
  }
  viz::plot_panels(dir + "/" + figure.file, panels, figure.width_px, figure.height_px);
}

}  // namespace patella::cli
#endif
