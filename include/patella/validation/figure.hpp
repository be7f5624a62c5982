#pragma once
/// The curves of one report figure, as data: the library computes them, the CLI draws them
/// (patella/viz/plots.hpp), so the validation library needs no VTK.
#include <string>
#include <vector>

namespace patella::validation {

struct Series {
  std::string name;
  std::vector<double> x, y;
  bool points_only = false;  ///< markers instead of a line (measured data)
};

struct Panel {
  std::string title, x_label, y_label;
  std::vector<Series> series;
};

struct Figure {
  std::string file;          ///< PNG file name inside the figures folder
  std::string alt;           ///< the report's alt text for it
  std::vector<Panel> panels; ///< side by side, up to 3 per row
  int width_px = 1500, height_px = 420;
};

/// "![alt](figures_link/file)\n\n": the report's link to a figure.
std::string figure_link(const Figure& figure, const std::string& figures_link);

}  // namespace patella::validation
