#pragma once
/// Line plots written as PNG through VTK's charts (offscreen). Needs an X display or Xvfb
/// (Debian's VTK 9.1 renders through GLX): without one, throws IoError saying so.
#include <string>
#include <vector>

#include "patella/core/error.hpp"
#include "patella/core/column_table.hpp"

namespace patella::viz {

/// No usable X display (none set, unreachable, or refusing connections).
class DisplayError : public IoError {
 public:
  using IoError::IoError;
};

struct Series {
  std::string name;
  std::vector<double> x, y;
  bool points_only = false;   ///< markers instead of a line (measured data)
  /// A band shaded in the series' colour from low to high at each x (a sweep's 5-95 %), drawn
  /// under its line; empty: none.
  std::vector<double> low, high;
};

struct Panel {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  /// Not empty: a horizontal bar chart (a tornado chart), one row per category from the top;
  /// each series' y holds a bar length per category (x unused), side by side.
  std::vector<std::string> categories;
};

/// Writes panels side by side (up to 3 per row) into one PNG, atomically.
void plot_panels(const std::string& png, const std::vector<Panel>& panels, int width_px = 1500,
                 int height_px = 450);

/// The knee sweep's lateral shift, lateral tilt and contact force against knee flexion.
void plot_sweep(const std::string& png, const ColumnTable& table, const std::string& title);

/// True if a display (or Xvfb) is available for rendering.
bool can_render();

}  // namespace patella::viz
