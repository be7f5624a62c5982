#pragma once
// Writing a report (Markdown computed by the library) and drawing its figures
// (validation::Figure) with VTK when there is a display: shared by patella validate and
// patella verify.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "patella/io/table.hpp"
#include "patella/validation/figure.hpp"
#ifdef PATELLA_HAVE_VIZ
#include "viz_module.hpp"
#endif

namespace patella::cli {

#ifdef PATELLA_HAVE_VIZ

inline void draw_figure(const validation::Figure& figure, const std::string& dir) {
  std::vector<viz::Panel> panels;
  for (const validation::Panel& p : figure.panels) {
    viz::Panel v{p.title, p.x_label, p.y_label, {}};
    for (const validation::Series& s : p.series) v.series.push_back({s.name, s.x, s.y, s.points_only});
    panels.push_back(std::move(v));
  }
  viz_module().plot_panels(dir + "/" + figure.file, panels, figure.width_px, figure.height_px);
}

#endif

/// Whether figures can be drawn here (a VTK build and a display).
inline bool can_draw_figures() {
#ifdef PATELLA_HAVE_VIZ
  return viz_can_render();
#else
  return false;
#endif
}

/// Draws the figures into figdir when `draw`, writes the Markdown to `out` atomically, and says
/// so on stderr after `command: `.
inline void write_report(const std::string& command, const std::string& markdown,
                         const std::vector<validation::Figure>& figures, const std::string& out,
                         const std::string& figdir, bool draw) {
  namespace fs = std::filesystem;
#ifdef PATELLA_HAVE_VIZ
  if (draw) {
    fs::create_directories(figdir);
    for (const validation::Figure& f : figures) draw_figure(f, figdir);
  }
#endif
  const fs::path dir = fs::path(out).parent_path();
  fs::create_directories(dir.empty() ? fs::path(".") : dir);
  write_file_atomic(out, markdown);
  std::cerr << command << ": wrote " << out
            << (draw ? " and figures in " + figdir : " (no figures: no display)") << "\n";
}

}  // namespace patella::cli
