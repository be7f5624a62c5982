#include "patella/viz/plots.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>


#include <vtkAxis.h>
#include <vtkBrush.h>
#include <vtkChart.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextScene.h>
#include <vtkContextView.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkPlotArea.h>
#include <vtkPlotBar.h>
#include <vtkPlotPoints.h>
#include <vtkRect.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkStringArray.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>

#include "patella/core/error.hpp"
#include "render_window.hpp"

namespace patella::viz {
namespace {

// Colour-blind-friendly (Okabe-Ito) so series stay distinguishable in print and for readers
// with deuteranopia; cycles if a panel has more series than colours.
constexpr std::array<std::array<unsigned char, 3>, 8> kPalette{{{0, 114, 178},
                                                                 {213, 94, 0},
                                                                 {0, 158, 115},
                                                                 {204, 121, 167},
                                                                 {230, 159, 0},
                                                                 {86, 180, 233},
                                                                 {0, 0, 0},
                                                                 {240, 228, 66}}};

// Axis decorations reserve this much space inside each panel's cell [px].
constexpr int kBorderLeft = 80, kBorderBottom = 60, kBorderRight = 35, kBorderTop = 40;
constexpr float kCellTopGap = 8.0f;

bool finite_point(double x, double y) { return std::isfinite(x) && std::isfinite(y); }

// One vtkTable per series because series in one panel may have different x samples.
// NaN/inf points are dropped: VTK would otherwise stretch the axes or draw garbage.
vtkSmartPointer<vtkTable> series_table(const Series& s) {
  vtkNew<vtkDoubleArray> x, y;
  x->SetName("x");
  y->SetName("y");
  for (size_t i = 0; i < s.x.size(); ++i) {
    if (!finite_point(s.x[i], s.y[i])) continue;
    x->InsertNextValue(s.x[i]);
    y->InsertNextValue(s.y[i]);
  }
  auto table = vtkSmartPointer<vtkTable>::New();
  table->AddColumn(x);
  table->AddColumn(y);
  return table;
}

// Picks the plot corner that covers the fewest data (points and samples along the lines),
// like matplotlib's loc="best", so an inline legend does not hide curves.
void place_legend(vtkChartLegend* legend, const Panel& panel) {
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const Series& s : panel.series)
    for (size_t i = 0; i < s.x.size(); ++i)
      if (finite_point(s.x[i], s.y[i])) {
        x0 = std::min(x0, s.x[i]), x1 = std::max(x1, s.x[i]);
        y0 = std::min(y0, s.y[i]), y1 = std::max(y1, s.y[i]);
      }
  // Candidate corners in order of preference (ties keep the earlier one).
  struct Corner { int h, v; double u0, u1, v0, v1; };
  const Corner corners[] = {{vtkChartLegend::RIGHT, vtkChartLegend::TOP, 0.55, 1.0, 0.7, 1.0},
                            {vtkChartLegend::LEFT, vtkChartLegend::TOP, 0.0, 0.45, 0.7, 1.0},
                            {vtkChartLegend::RIGHT, vtkChartLegend::BOTTOM, 0.55, 1.0, 0.0, 0.3},
                            {vtkChartLegend::LEFT, vtkChartLegend::BOTTOM, 0.0, 0.45, 0.0, 0.3}};
  const Corner* best = &corners[0];
  if (x1 > x0 || y1 > y0) {
    const double dx = x1 > x0 ? x1 - x0 : 1.0, dy = y1 > y0 ? y1 - y0 : 1.0;
    int best_count = std::numeric_limits<int>::max();
    for (const Corner& c : corners) {
      int count = 0;
      auto hit = [&](double x, double y) {
        const double u = (x - x0) / dx, v = (y - y0) / dy;
        count += u >= c.u0 && u <= c.u1 && v >= c.v0 && v <= c.v1;
      };
      for (const Series& s : panel.series) {
        for (size_t i = 0; i < s.x.size(); ++i) {
          if (!finite_point(s.x[i], s.y[i])) continue;
          hit(s.x[i], s.y[i]);
          // Sample the segment to the next point too: lines cross corners between samples.
          if (!s.points_only && i + 1 < s.x.size() && finite_point(s.x[i + 1], s.y[i + 1]))
            for (int k = 1; k < 8; ++k) {
              const double t = k / 8.0;
              hit(s.x[i] + t * (s.x[i + 1] - s.x[i]), s.y[i] + t * (s.y[i + 1] - s.y[i]));
            }
        }
      }
      if (count < best_count) best_count = count, best = &c;
    }
  }
  legend->SetHorizontalAlignment(best->h);
  legend->SetVerticalAlignment(best->v);
}

// Data range padded by 5% per side (matplotlib's margins): VTK's auto range is tight, which
// clips markers at the edges and lets the legend sit on the extreme values. A constant or
// empty series gets a unit-ish span instead of VTK's +-1e-7 labels.
void set_axis_range(vtkAxis* axis, double lo, double hi) {
  if (!(lo <= hi)) {  // no finite data
    lo = 0.0, hi = 1.0;
  } else if (hi - lo <= 1e-12 * std::max(1.0, std::abs(hi))) {
    const double half = lo == 0.0 ? 1.0 : 0.1 * std::abs(lo);
    lo -= half, hi += half;
  } else {
    const double pad = 0.05 * (hi - lo);
    lo -= pad, hi += pad;
  }
  axis->SetBehavior(vtkAxis::FIXED);
  axis->SetRange(lo, hi);
}

// A tornado chart: horizontal bars, one row per category (the first at the top), the series
// side by side in each row.
void add_bars(vtkChartXY* chart, const Panel& panel) {
  const std::size_t rows = panel.categories.size();
  vtkNew<vtkDoubleArray> at;
  vtkNew<vtkStringArray> labels;
  double lo = 0.0, hi = 0.0;
  for (std::size_t k = 0; k < panel.series.size(); ++k) {
    const Series& s = panel.series[k];
    vtkNew<vtkDoubleArray> x, y;
    x->SetName("row");
    y->SetName("length");
    const double offset = panel.series.size() > 1 ? (k + 0.5) / panel.series.size() - 0.5 : 0.0;
    for (std::size_t r = 0; r < rows && r < s.y.size(); ++r) {
      if (!std::isfinite(s.y[r])) continue;
      x->InsertNextValue(static_cast<double>(rows - 1 - r) + 0.8 * offset);
      y->InsertNextValue(s.y[r]);
      lo = std::min(lo, s.y[r]), hi = std::max(hi, s.y[r]);
    }
    vtkNew<vtkTable> table;
    table->AddColumn(x);
    table->AddColumn(y);
    auto* bar = vtkPlotBar::SafeDownCast(chart->AddPlot(vtkChart::BAR));
    bar->SetOrientation(vtkPlotBar::HORIZONTAL);
    bar->SetInputData(table, 0, 1);
    bar->SetWidth(0.8f / static_cast<float>(std::max<std::size_t>(1, panel.series.size())));
    const auto& rgb = kPalette[k % kPalette.size()];
    bar->SetColor(rgb[0], rgb[1], rgb[2], 255);
    bar->SetLabel(s.name);
  }
  for (std::size_t r = 0; r < rows; ++r) {
    at->InsertNextValue(static_cast<double>(rows - 1 - r));
    labels->InsertNextValue(panel.categories[r]);
  }
  vtkAxis* left = chart->GetAxis(vtkAxis::LEFT);
  left->SetCustomTickPositions(at, labels);
  left->SetBehavior(vtkAxis::FIXED);
  left->SetRange(-0.6, static_cast<double>(rows) - 0.4);
  set_axis_range(chart->GetAxis(vtkAxis::BOTTOM), lo, hi);
  if (panel.series.size() > 1) {
    chart->SetShowLegend(true);
    vtkChartLegend* legend = chart->GetLegend();
    legend->SetLabelSize(14);
    legend->GetBrush()->SetColor(255, 255, 255, 230);
    legend->SetHorizontalAlignment(vtkChartLegend::RIGHT);
    legend->SetVerticalAlignment(vtkChartLegend::BOTTOM);
  }
}

void add_chart(vtkContextScene* scene, const Panel& panel, const vtkRectf& cell) {
  vtkNew<vtkChartXY> chart;
  scene->AddItem(chart);
  // Fixed cells instead of filling the scene, so several charts can share one image.
  chart->SetAutoSize(false);
  chart->SetSize(cell);
  chart->SetBorders(kBorderLeft, kBorderBottom, kBorderRight, kBorderTop);
  chart->SetRenderEmpty(true);  // an all-NaN panel still shows its title and axes

  chart->SetTitle(panel.title);
  chart->GetTitleProperties()->SetFontSize(18);
  chart->GetTitleProperties()->SetBold(true);
  chart->GetTitleProperties()->SetColor(0, 0, 0);

  const std::pair<int, const std::string*> axes[] = {{vtkAxis::BOTTOM, &panel.x_label},
                                                      {vtkAxis::LEFT, &panel.y_label}};
  for (const auto& [which, label] : axes) {
    vtkAxis* axis = chart->GetAxis(which);
    axis->SetTitle(*label);
    axis->GetTitleProperties()->SetFontSize(15);
    axis->GetTitleProperties()->SetBold(false);
    axis->GetTitleProperties()->SetColor(0, 0, 0);
    axis->GetLabelProperties()->SetFontSize(13);
    axis->GetLabelProperties()->SetColor(0.1, 0.1, 0.1);
    axis->GetGridPen()->SetColor(220, 220, 220);
  }

  if (!panel.categories.empty()) {
    // a bar chart's categories need room on the left
    chart->SetBorders(kBorderLeft + 200, kBorderBottom, kBorderRight, kBorderTop);
    add_bars(chart, panel);
    return;
  }
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  // bands first, so the lines are drawn over them
  for (size_t k = 0; k < panel.series.size(); ++k) {
    const Series& s = panel.series[k];
    if (s.low.empty()) continue;
    PATELLA_THROW_UNLESS(s.low.size() == s.x.size() && s.high.size() == s.x.size());
    vtkNew<vtkDoubleArray> x, lo, hi;
    x->SetName("x");
    lo->SetName("low");
    hi->SetName("high");
    for (size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.low[i]) || !std::isfinite(s.high[i])) continue;
      x->InsertNextValue(s.x[i]);
      lo->InsertNextValue(s.low[i]);
      hi->InsertNextValue(s.high[i]);
      x0 = std::min(x0, s.x[i]), x1 = std::max(x1, s.x[i]);
      y0 = std::min(y0, s.low[i]), y1 = std::max(y1, s.high[i]);
    }
    if (x->GetNumberOfTuples() < 2) continue;
    vtkNew<vtkTable> table;
    table->AddColumn(x);
    table->AddColumn(lo);
    table->AddColumn(hi);
    auto* area = vtkPlotArea::SafeDownCast(chart->AddPlot(vtkChart::AREA));
    area->SetInputData(table);
    area->SetInputArray(0, "x");
    area->SetInputArray(1, "low");
    area->SetInputArray(2, "high");
    const auto& rgb = kPalette[k % kPalette.size()];
    area->GetBrush()->SetColor(rgb[0], rgb[1], rgb[2], 60);
    area->SetLabel(s.name + " 5-95 %");  // its line is "<name> median"
  }
  for (size_t k = 0; k < panel.series.size(); ++k) {
    const Series& s = panel.series[k];
    vtkSmartPointer<vtkTable> table = series_table(s);
    const vtkIdType n = table->GetNumberOfRows();
    for (vtkIdType i = 0; i < n; ++i) {
      const double x = table->GetValue(i, 0).ToDouble(), y = table->GetValue(i, 1).ToDouble();
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
    // A line needs two points (VTK logs an error otherwise); a lone point gets a marker so
    // it is still visible, and an empty series keeps only its legend entry.
    const bool as_points = s.points_only || n < 2;
    vtkPlot* plot = chart->AddPlot(as_points ? vtkChart::POINTS : vtkChart::LINE);
    plot->SetInputData(table, 0, 1);
    const auto& rgb = kPalette[k % kPalette.size()];
    plot->SetColor(rgb[0], rgb[1], rgb[2], 255);
    plot->SetLabel(s.low.empty() ? s.name : s.name + " median");
    if (as_points) {
      auto* points = vtkPlotPoints::SafeDownCast(plot);
      points->SetMarkerStyle(vtkPlotPoints::CIRCLE);
      points->SetMarkerSize(8.0);
    } else {
      plot->SetWidth(2.5);
    }
  }

  set_axis_range(chart->GetAxis(vtkAxis::BOTTOM), x0, x1);
  set_axis_range(chart->GetAxis(vtkAxis::LEFT), y0, y1);

  if (panel.series.size() > 1) {
    chart->SetShowLegend(true);
    vtkChartLegend* legend = chart->GetLegend();
    legend->SetLabelSize(14);
    legend->GetLabelProperties()->SetColor(0, 0, 0);
    // Mostly opaque so grid lines behind it do not clutter the labels.
    legend->GetBrush()->SetColor(255, 255, 255, 230);
    legend->GetPen()->SetColor(160, 160, 160);
    place_legend(legend, panel);
  }
}

const std::vector<double>& column(const ColumnTable& table, const std::string& name,
                                  const std::string& png) {
  for (size_t i = 0; i < table.names.size() && i < table.columns.size(); ++i)
    if (table.names[i] == name) return table.columns[i];
  throw IoError(png + ": cannot plot sweep: table has no column '" + name + "'");
}

bool has_column(const ColumnTable& table, const std::string& name) {
  return std::find(table.names.begin(), table.names.end(), name) != table.names.end();
}

}  // namespace

bool can_render() {
  // Debian's VTK 9.1 is built for X11/GLX only and abort()s without a display, so this must
  // be decided before any render window exists.
  const char* display = std::getenv("DISPLAY");
  return display != nullptr && display[0] != '\0';
}

void plot_panels(const std::string& png, const std::vector<Panel>& panels, int width_px,
                 int height_px) {
  PATELLA_THROW_UNLESS(!panels.empty());
  PATELLA_THROW_UNLESS(width_px > 0 && height_px > 0);
  for (const Panel& panel : panels)
    for (const Series& s : panel.series)  // a bar chart's series hold one length per category
      PATELLA_THROW_UNLESS(panel.categories.empty() ? s.x.size() == s.y.size() : s.y.size() == panel.categories.size());

  // Up to 3 panels per row; spread them evenly over the rows (4 -> 2x2, not 3+1).
  const int n = static_cast<int>(panels.size());
  const int rows = (n + 2) / 3;
  const int cols = (n + rows - 1) / rows;
  const int width = width_px, height = height_px * rows;
  const float cell_w = static_cast<float>(width) / cols;
  const float cell_h = static_cast<float>(height_px);

  const XConnection x(png);
  {
    vtkNew<vtkContextView> view;
    vtkRenderWindow* window = view->GetRenderWindow();
    make_offscreen(window, x, width, height);
    view->GetRenderer()->SetBackground(1.0, 1.0, 1.0);

    for (int i = 0; i < n; ++i) {
      const int row = i / cols, col = i % cols;
      // Scene coordinates start at the bottom left; the first row goes at the top.
      // Shortened at the top so the title does not touch the image or the row above.
      const vtkRectf cell(col * cell_w, height - (row + 1) * cell_h, cell_w, cell_h - kCellTopGap);
      add_chart(view->GetScene(), panels[static_cast<size_t>(i)], cell);
    }

    window->Render();
    write_png_atomically(png, window);
    window->Finalize();
  }
}

void plot_sweep(const std::string& png, const ColumnTable& table, const std::string& title) {
  const std::string x_name = "knee_flexion_deg";
  const std::vector<double>& x = column(table, x_name, png);
  const std::string x_label = "knee flexion (deg)";

  auto panel = [&](const std::string& panel_title, const std::string& y_label,
                   const std::vector<std::string>& names, const std::vector<std::string>& labels) {
    Panel p{panel_title, x_label, y_label, {}};
    for (size_t i = 0; i < names.size(); ++i)
      p.series.push_back(Series{labels[i], x, column(table, names[i], png), false});
    return p;
  };

  std::vector<Panel> panels;
  // The overall title is prefixed to the first panel's: VTK charts have no figure title.
  const std::string prefix = title.empty() ? std::string() : title + ": ";
  panels.push_back(panel(prefix + "lateral shift", "lateral shift pf_tz (mm)", {"pf_tz_mm"},
                         {"lateral shift"}));
  panels.push_back(panel("lateral tilt", "lateral tilt (deg)", {"lateral_tilt_deg"},
                         {"lateral tilt"}));
  panels.push_back(panel("contact force", "contact force (N)", {"contact_force_N"},
                         {"contact force"}));

  // Stability pushes exist only when the sweep measured them.
  std::vector<std::string> names, labels;
  if (has_column(table, "lateral_stability_N"))
    names.push_back("lateral_stability_N"), labels.push_back("lateral push");
  if (has_column(table, "medial_stability_N"))
    names.push_back("medial_stability_N"), labels.push_back("medial push");
  if (!names.empty())
    panels.push_back(panel("stability", "force to shift patella (N)", names, labels));

  plot_panels(png, panels);
}

}  // namespace patella::viz
